import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { getRequestLog } from '../../application/logs/get-request-log.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { CustomerEventType } from '../types/customer.js';
import { RequestLogType } from '../types/request-log.js';
import { WebhookType } from '../types/webhook.js';

@Resolver(() => RequestLogType)
export class RequestLogResolver {
  @Authorized()
  @Query(() => RequestLogType, { nullable: true })
  requestLog(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getRequestLog(ctx.deps, actorOf(ctx), id);
  }

  @FieldResolver(() => CustomerEventType, { nullable: true, description: 'The event this request registered.' })
  event(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return log.eventId ? ctx.loaders.event.load(log.eventId) : null;
  }

  @FieldResolver(() => RequestLogType, {
    nullable: true,
    description: 'For a DUPLICATE: the request that was processed (its answer was repeated).',
  })
  duplicateOf(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return log.duplicateOfId ? ctx.loaders.requestLog.load(log.duplicateOfId) : null;
  }

  @FieldResolver(() => WebhookType, { nullable: true })
  webhook(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.webhook.load(log.webhookId);
  }
}
