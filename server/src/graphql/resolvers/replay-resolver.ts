import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestLogView } from '../../application/logs/request-log-view.js';
import { replayRequest } from '../../application/replay/replay-request.js';
import {
  cancelReplayJob,
  countReplaySelection,
  getReplayJob,
  replayRequests,
} from '../../application/replay/replay-requests.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { RequestLogType } from '../types/request-log.js';
import { LogSelectionInput, ReplayJobType } from '../types/replay-job.js';

@Resolver(() => RequestLogType)
export class ReplayResolver {
  @Authorized('ADMIN')
  @Mutation(() => RequestLogType, {
    description:
      "The original request (method, headers, body as received) through the webhook's configuration now, as a new " +
      'log with replayOf; its sender is not verified again. A request that registered its event gives DUPLICATE.',
  })
  replayRequest(@Arg('logId', () => ID) logId: string, @Ctx() ctx: GraphQLContext) {
    return replayRequest(ctx.deps, actorOf(ctx), logId);
  }

  @Authorized('ADMIN')
  @Mutation(() => ReplayJobType, {
    description: 'Replays every log the selection matches, in the background; poll replayJob for its progress.',
  })
  replayRequests(@Arg('selection', () => LogSelectionInput) selection: LogSelectionInput, @Ctx() ctx: GraphQLContext) {
    return replayRequests(ctx.deps, actorOf(ctx), selection);
  }

  @Authorized('ADMIN')
  @Mutation(() => ReplayJobType, { description: 'Stops a bulk replay after the chunk in progress.' })
  cancelReplayJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return cancelReplayJob(ctx.deps, actorOf(ctx), id);
  }

  @Authorized('ADMIN')
  @Query(() => Int, { description: 'How many logs replayRequests would replay with this selection now.' })
  replayCount(@Arg('selection', () => LogSelectionInput) selection: LogSelectionInput, @Ctx() ctx: GraphQLContext) {
    return countReplaySelection(ctx.deps, actorOf(ctx), selection);
  }

  @Authorized()
  @Query(() => ReplayJobType, { nullable: true })
  replayJob(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getReplayJob(ctx.deps, actorOf(ctx), id);
  }

  @FieldResolver(() => RequestLogType, {
    nullable: true,
    description: 'Set on a request that an admin replayed from an earlier log: that log.',
  })
  replayOf(@Root() log: RequestLogView, @Ctx() ctx: GraphQLContext) {
    return log.replayOfId ? ctx.loaders.requestLog.load(log.replayOfId) : null;
  }
}
