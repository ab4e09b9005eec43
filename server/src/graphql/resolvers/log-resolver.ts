import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { getRequestLog } from '../../application/logs/get-request-log.js';
import { requestLogFilterTrace } from '../../application/logs/request-log-filter-trace.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { searchRequestLogs } from '../../application/logs/search-request-logs.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { CustomerEventType } from '../types/customer.js';
import { RequestLogSearchInput } from '../inputs/request-log-search-input.js';
import { FilterTraceType } from '../types/filter-trace.js';
import { RequestLogConnection, RequestLogType } from '../types/request-log.js';
import { WebhookType } from '../types/webhook.js';

@ArgsType()
class RequestLogsArgs {
  @Field(() => RequestLogSearchInput, { nullable: true }) filter?: RequestLogSearchInput | null;
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@Resolver(() => RequestLogType)
export class RequestLogResolver {
  @Authorized()
  @Query(() => RequestLogType, { nullable: true })
  requestLog(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getRequestLog(ctx.deps, actorOf(ctx), id);
  }

  @Authorized()
  @Query(() => RequestLogConnection, {
    description:
      "The account's request logs across its webhooks, newest first (readers: active webhooks only), searched by " +
      'customer, request id, outcome, status code, time and text in the body (see RequestLogSearchInput).',
  })
  requestLogs(@Args() { filter, first, after }: RequestLogsArgs, @Ctx() ctx: GraphQLContext) {
    return searchRequestLogs(ctx.deps, actorOf(ctx), { ...filter, first, after, field: 'filter' });
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The customer the request was mapped to, when it got that far: also for refusals such as CUSTOMER_NOT_FOUND ' +
      'or INSUFFICIENT_POINTS; null when refused before (and for logs stored before customers were recorded).',
  })
  customerId(@Root() log: RequestLogView) {
    return log.customerExternalId;
  }

  @FieldResolver(() => FilterTraceType, {
    nullable: true,
    description:
      'The filter as configured when the request arrived, evaluated again on the request as logged: each group’s ' +
      'verdict, conditions under their group; conditions on values the log does not keep (secrets) are not ' +
      'evaluated. The verdict is what the outcome proves where it does. NOT_EVALUATED with the reason for a request ' +
      'refused before its filter; null without a filter.',
  })
  async filterTrace(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    const webhook = await ctx.loaders.webhook.load(log.webhookId);
    return requestLogFilterTrace(ctx.deps, actorOf(ctx), log, webhook);
  }

  @FieldResolver(() => CustomerEventType, { nullable: true, description: 'The event this request registered.' })
  event(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return log.eventId ? ctx.loaders.event.load(log.eventId) : null;
  }

  @FieldResolver(() => [CustomerEventType], {
    description: 'Every event the request registered, in item order (one without splitOn; none when refused).',
  })
  events(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return log.eventId ? ctx.loaders.requestEvents.load(log.id) : [];
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
