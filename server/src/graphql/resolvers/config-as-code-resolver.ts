import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { exportWebhooks } from '../../application/webhooks/export-webhooks.js';
import { importWebhooks } from '../../application/webhooks/import-webhooks.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { JSONScalar } from '../scalars.js';
import { ImportPlanType } from '../types/import-plan.js';

/** Configuration as code: the account's webhooks as a versioned JSON document, and back. */
@Resolver()
export class ConfigAsCodeResolver {
  @Authorized()
  @Query(() => JSONScalar, {
    description:
      'A versioned document ("format": "intake.webhooks", "version": 1) of the webhooks that are not archived, or of those given; secrets left out (counted), secret filter values as {"$secret": …}. Readers export active webhooks only.',
  })
  exportWebhooks(@Arg('ids', () => [ID], { nullable: true }) ids: string[] | null, @Ctx() ctx: GraphQLContext) {
    return exportWebhooks(ctx.deps, actorOf(ctx), ids);
  }

  @Authorized('ADMIN')
  @Mutation(() => ImportPlanType, {
    description:
      'Makes the webhooks what the document says, matched by endpoint: validated whole first (BAD_USER_INPUT at document.<path>), then applied in one transaction with an IMPORTED history entry each — or, with dryRun, only planned.',
  })
  importWebhooks(
    @Arg('document', () => JSONScalar) document: unknown,
    @Arg('dryRun', () => Boolean, { nullable: true }) dryRun: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return importWebhooks(ctx.deps, actorOf(ctx), document, { dryRun });
  }
}
