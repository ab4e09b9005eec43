import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { AccountResolver } from './resolvers/account-resolver.js';
import { CatalogueResolver } from './resolvers/catalogue-resolver.js';
import { ConfigAsCodeResolver } from './resolvers/config-as-code-resolver.js';
import { CustomerEventResolver, CustomerResolver } from './resolvers/customer-resolver.js';
import { LiveTailResolver } from './resolvers/live-tail-resolver.js';
import { RequestLogResolver } from './resolvers/log-resolver.js';
import { ReplayResolver } from './resolvers/replay-resolver.js';
import { TestWebhookResolver } from './resolvers/test-webhook-resolver.js';
import { VerificationResolver } from './resolvers/verification-resolver.js';
import { WebhookResolver } from './resolvers/webhook-resolver.js';

let schema: Promise<GraphQLSchema> | undefined;

/**
 * type-graphql insists on a PubSub once there is a subscription, though ours bring their own `subscribe` (the live
 * tail, fed by PostgreSQL NOTIFY): topics are not used, and this one says so if anyone tries.
 */
const noTopics: PubSub = {
  publish: () => {
    throw new Error('Subscriptions here declare `subscribe`, not topics: there is nothing to publish to.');
  },
  subscribe: () => {
    throw new Error('Subscriptions here declare `subscribe`, not topics.');
  },
};

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
      LiveTailResolver,
      ReplayResolver,
    ],
    authChecker,
    pubSub: noTopics,
    authMode: 'error',
    validate: false,
    emitSchemaFile: false,
  });
  return schema;
}
