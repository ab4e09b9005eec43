import { Arg, Authorized, Ctx, ID, Resolver, Root, Subscription } from 'type-graphql';
import { followRequestLogs } from '../../application/logs/follow-request-logs.js';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { createLoaders } from '../loaders.js';
import { RequestLogType } from '../types/request-log.js';

@Resolver()
export class LiveTailResolver {
  @Authorized()
  @Subscription(() => RequestLogType, {
    description:
      'Every request logged for this webhook from now on, on any instance, as it commits (WebSocket, graphql-ws). ' +
      'NOT_FOUND for a webhook the caller may not see.',
    subscribe: ({ args, context }: { args: { webhookId: string }; context: GraphQLContext }) =>
      followRequestLogs(context.deps, context.liveTail, actorOf(context), args.webhookId),
  })
  requestLogged(
    @Arg('webhookId', () => ID) _webhookId: string,
    @Root() log: RequestLogView,
    @Ctx() ctx: GraphQLContext,
  ): RequestLogView {
    // Loaders cache for their request; a subscription lives for hours, so each log gets fresh ones.
    ctx.loaders = createLoaders(ctx.deps, () => actorOf(ctx));
    return log;
  }
}
