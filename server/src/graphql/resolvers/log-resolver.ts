import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { getCustomerEvent } from '../../application/customers/customer-queries.js';
import { getRequestLog } from '../../application/logs/list-request-logs.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { getWebhookIncludingArchived } from '../../application/webhooks/get-webhook.js';
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
    return log.eventId ? getCustomerEvent(ctx.deps, actorOf(ctx), log.eventId) : null;
  }

  @FieldResolver(() => WebhookType, { nullable: true })
  webhook(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return getWebhookIncludingArchived(ctx.deps, actorOf(ctx), log.webhookId);
  }
}
