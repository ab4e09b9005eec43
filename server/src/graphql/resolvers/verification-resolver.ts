import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { VerificationType, WebhookSecretType } from '../types/verification.js';

@Resolver(() => VerificationType)
export class VerificationResolver {
  @FieldResolver(() => [WebhookSecretType], { description: 'Newest first, expired ones left out.' })
  secrets(@Root() verification: VerificationType, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.webhookSecrets.load(verification.webhookId);
  }
}
