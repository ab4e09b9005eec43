import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { AccountResolver } from './resolvers/account-resolver.js';
import { CatalogueResolver } from './resolvers/catalogue-resolver.js';
import { ConfigAsCodeResolver } from './resolvers/config-as-code-resolver.js';
import { CustomerEventResolver, CustomerResolver } from './resolvers/customer-resolver.js';
import { RequestLogResolver } from './resolvers/log-resolver.js';
import { ReplayResolver } from './resolvers/replay-resolver.js';
import { TestWebhookResolver } from './resolvers/test-webhook-resolver.js';
import { VerificationResolver } from './resolvers/verification-resolver.js';
import { WebhookResolver } from './resolvers/webhook-resolver.js';

let schema: Promise<GraphQLSchema> | undefined;

/** Built once per process: type-graphql metadata is global. */
export function buildGraphQLSchema(): Promise<GraphQLSchema> {
  schema ??= buildSchema({
    resolvers: [
      WebhookResolver,
      CatalogueResolver,
      AccountResolver,
      RequestLogResolver,
      CustomerResolver,
      CustomerEventResolver,
      TestWebhookResolver,
      VerificationResolver,
      ConfigAsCodeResolver,
      ReplayResolver,
    ],
    authChecker,
    authMode: 'error',
    validate: false,
    emitSchemaFile: false,
  });
  return schema;
}
