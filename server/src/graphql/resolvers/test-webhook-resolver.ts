import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { testWebhook } from '../../application/webhooks/test-webhook.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { TestRequestInput } from '../inputs/test-request-input.js';
import { toWebhookPatch, UpdateWebhookInput } from '../inputs/webhook-inputs.js';
import { WebhookTestResultType } from '../types/test-result.js';

@Resolver()
export class TestWebhookResolver {
  @Authorized()
  @Query(() => WebhookTestResultType, {
    description: 'Dry run: the same pipeline as ingestion, nothing stored. Works on inactive webhooks.',
  })
  testWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('request', () => TestRequestInput) request: TestRequestInput,
    @Arg('draft', () => UpdateWebhookInput, {
      nullable: true,
      description:
        "Admins only: unsaved changes (updateWebhook's input) to test instead of the saved settings. Checked like " +
        'an update (errors under draft.…); nothing is saved, expectedVersion is not used.',
    })
    draft: UpdateWebhookInput | null | undefined,
    @Ctx() ctx: GraphQLContext,
  ) {
    return testWebhook(ctx.deps, actorOf(ctx), id, request, draft ? toWebhookPatch(draft) : null);
  }
}
