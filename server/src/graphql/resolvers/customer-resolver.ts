import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { CustomerEventView, CustomerView } from '../../application/customers/customer-views.js';
import { getCustomer } from '../../application/customers/get-customer.js';
import { listCustomerEvents } from '../../application/customers/list-customer-events.js';
import { listCustomers } from '../../application/customers/list-customers.js';
import { requestLogExpired } from '../../application/maintenance/log-expiry.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { CustomerConnection, CustomerEventConnection, CustomerEventType, CustomerType } from '../types/customer.js';
import { RequestLogType } from '../types/request-log.js';
import { WebhookType } from '../types/webhook.js';

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
class CustomersArgs extends PageArgs {
  @Field(() => String, { nullable: true, description: 'Part of the external id, email or name.' }) search?:
    string | null;
}

@Resolver(() => CustomerType)
export class CustomerResolver {
  @Authorized()
  @Query(() => CustomerType, { nullable: true })
  customer(@Arg('id', () => String) id: string, @Ctx() ctx: GraphQLContext) {
    return getCustomer(ctx.deps, actorOf(ctx), id);
  }

  @Authorized()
  @Query(() => CustomerConnection)
  customers(@Args() args: CustomersArgs, @Ctx() ctx: GraphQLContext) {
    return listCustomers(ctx.deps, actorOf(ctx), args);
  }

  @FieldResolver(() => CustomerEventConnection, { description: 'The event history, newest first.' })
  events(@Root() customer: CustomerView, @Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return listCustomerEvents(ctx.deps, actorOf(ctx), customer, args);
  }
}

@Resolver(() => CustomerEventType)
export class CustomerEventResolver {
  @FieldResolver(() => WebhookType, { nullable: true, description: 'The webhook that registered it (source).' })
  webhook(@Root() event: CustomerEventView, @Ctx() ctx: GraphQLContext) {
    return event.webhookId ? ctx.loaders.webhook.load(event.webhookId) : null;
  }

  @FieldResolver(() => RequestLogType, {
    nullable: true,
    description: 'The log of the request that registered it; null once expired (see requestLogExpired).',
  })
  requestLog(@Root() event: CustomerEventView, @Ctx() ctx: GraphQLContext) {
    return event.requestLogId ? ctx.loaders.requestLog.load(event.requestLogId) : null;
  }

  @FieldResolver(() => Boolean, {
    description:
      'True when the request that registered it was logged, but its log has expired: logs are kept LOG_RETENTION_DAYS days, events forever. False when the log is there, when no request registered the event, or when the caller may not see the logs of its webhook.',
  })
  async requestLogExpired(@Root() event: CustomerEventView, @Ctx() ctx: GraphQLContext) {
    if (!event.requestLogId) return false;
    const [log, webhook] = await Promise.all([
      ctx.loaders.requestLog.load(event.requestLogId),
      event.webhookId ? ctx.loaders.webhook.load(event.webhookId) : null,
    ]);
    return requestLogExpired(event, log, webhook);
  }

  @FieldResolver(() => CustomerType, { nullable: true })
  customer(@Root() event: CustomerEventView, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.customer.load(event.customerId);
  }
}
