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
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { addWebhookSecret } from '../../application/webhooks/add-webhook-secret.js';
import { changeWebhookStatus } from '../../application/webhooks/change-webhook-status.js';
import { createWebhookFromBlueprint } from '../../application/webhooks/create-webhook-from-blueprint.js';
import { createWebhook } from '../../application/webhooks/create-webhook.js';
import { getWebhook } from '../../application/webhooks/get-webhook.js';
import { listWebhookHistory } from '../../application/webhooks/list-webhook-history.js';
import { listWebhooks } from '../../application/webhooks/list-webhooks.js';
import { removeWebhookSecret } from '../../application/webhooks/remove-webhook-secret.js';
import { updateWebhook } from '../../application/webhooks/update-webhook.js';
import { listRequestLogs } from '../../application/logs/list-request-logs.js';
import type { StatsInterval } from '../../domain/stats.js';
import { allowedActions, type WebhookAction } from '../../domain/lifecycle.js';
import { redactFilterSecrets } from '../../domain/redaction.js';
import type { WebhookStatus, RequestOutcome } from '../../domain/types.js';
import { ingestionUrl, type WebhookRecord } from '../../domain/webhook.js';
import { actorOf } from '../auth-checker.js';
import type { GraphQLContext } from '../context.js';
import { RequestOutcomeEnum, StatsIntervalEnum, WebhookActionEnum, WebhookStatusEnum } from '../enums.js';
import { WebhookStatsBucketType } from '../types/webhook-stats.js';
import {
  CreateWebhookInput,
  toFilterGroup,
  toIdempotencySetting,
  toMappingRules,
  toVerificationSettings,
  toWebhookPatch,
  UpdateWebhookInput,
} from '../inputs/webhook-inputs.js';
import { DateTimeScalar } from '../scalars.js';
import { RequestLogConnection, RequestLogType } from '../types/request-log.js';
import { VerificationType } from '../types/verification.js';
import {
  AddedWebhookSecretType,
  FilterGroupType,
  WebhookChangeConnection,
  WebhookConnection,
  WebhookType,
} from '../types/webhook.js';

@ArgsType()
class WebhooksArgs {
  @Field(() => WebhookStatusEnum, { nullable: true }) status?: WebhookStatus | null;
  @Field(() => String, { nullable: true, description: 'Matches name or endpoint, case-insensitively.' }) search?:
    string | null;
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@ArgsType()
class LogsArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
  @Field(() => Int, { nullable: true }) statusCode?: number | null;
  @Field(() => RequestOutcomeEnum, { nullable: true }) outcome?: RequestOutcome | null;
  @Field(() => DateTimeScalar, { nullable: true }) receivedAfter?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) receivedBefore?: Date | null;
}

@ArgsType()
class StatsArgs {
  @Field(() => DateTimeScalar) from!: Date;
  @Field(() => DateTimeScalar) to!: Date;
  @Field(() => StatsIntervalEnum) interval!: StatsInterval;
}

@ArgsType()
class PageArgs {
  @Field(() => Int, { nullable: true }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

@Resolver(() => WebhookType)
export class WebhookResolver {
  @Authorized()
  @Query(() => WebhookConnection, {
    description: 'Admins see INACTIVE and ACTIVE by default (ARCHIVED only when asked for); a READER sees ACTIVE only.',
  })
  webhooks(@Args() args: WebhooksArgs, @Ctx() ctx: GraphQLContext) {
    return listWebhooks(ctx.deps, actorOf(ctx), args);
  }

  @Authorized()
  @Query(() => WebhookType, { nullable: true })
  webhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return getWebhook(ctx.deps, actorOf(ctx), id);
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType, { description: 'Created INACTIVE.' })
  createWebhook(@Arg('input', () => CreateWebhookInput) input: CreateWebhookInput, @Ctx() ctx: GraphQLContext) {
    return createWebhook(ctx.deps, actorOf(ctx), {
      name: input.name,
      method: input.method,
      endpoint: input.endpoint,
      filter: input.filter ? toFilterGroup(input.filter) : null,
      action: input.action,
      mapping: toMappingRules(input.mapping),
      successResponse: input.successResponse ?? null,
      errorResponse: input.errorResponse ?? null,
      verification: input.verification ? toVerificationSettings(input.verification) : null,
      idempotency: input.idempotency ? toIdempotencySetting(input.idempotency) : null,
      splitOn: input.splitOn ?? null,
    });
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType)
  createWebhookFromBlueprint(
    @Arg('blueprintId', () => ID) blueprintId: string,
    @Arg('name', () => String) name: string,
    @Arg('endpoint', () => String, { nullable: true }) endpoint: string | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return createWebhookFromBlueprint(ctx.deps, actorOf(ctx), blueprintId, name, endpoint);
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType)
  updateWebhook(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateWebhookInput) input: UpdateWebhookInput,
    @Ctx() ctx: GraphQLContext,
  ) {
    return updateWebhook(ctx.deps, actorOf(ctx), id, toWebhookPatch(input), input.expectedVersion);
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType, { description: 'INACTIVE → ACTIVE' })
  activateWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return changeWebhookStatus(ctx.deps, actorOf(ctx), id, 'ACTIVATE');
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType, { description: 'ACTIVE → INACTIVE' })
  deactivateWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return changeWebhookStatus(ctx.deps, actorOf(ctx), id, 'DEACTIVATE');
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType, { description: 'INACTIVE → ARCHIVED, irreversible' })
  archiveWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: GraphQLContext) {
    return changeWebhookStatus(ctx.deps, actorOf(ctx), id, 'ARCHIVE');
  }

  @Authorized('ADMIN')
  @Mutation(() => AddedWebhookSecretType, {
    description:
      'Adds a sender secret, given or generated ("whsec_" + base64 of 32 random bytes for STANDARD_WEBHOOKS, 32 random bytes as hex otherwise), returned this once. Older secrets stay valid for expirePreviousInSeconds (default 86400; 0 = they stop at once).',
  })
  addWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('secret', () => String, { nullable: true }) secret: string | null,
    @Arg('expirePreviousInSeconds', () => Int, { nullable: true }) expirePreviousInSeconds: number | null,
    @Ctx() ctx: GraphQLContext,
  ) {
    return addWebhookSecret(ctx.deps, actorOf(ctx), id, { secret, expirePreviousInSeconds });
  }

  @Authorized('ADMIN')
  @Mutation(() => WebhookType, {
    description: 'Deletes a sender secret; when it was the last live one, requests are refused (401) from then on.',
  })
  removeWebhookSecret(
    @Arg('id', () => ID) id: string,
    @Arg('secretId', () => ID) secretId: string,
    @Ctx() ctx: GraphQLContext,
  ) {
    return removeWebhookSecret(ctx.deps, actorOf(ctx), id, secretId);
  }

  @FieldResolver(() => VerificationType, {
    description: 'How the sender is authenticated, with the live secrets (hints only, newest first).',
  })
  verification(@Root() webhook: WebhookRecord): VerificationType {
    return { ...webhook.verification, webhookId: webhook.id };
  }

  @FieldResolver(() => String, {
    description: 'The full ingestion URL: <public base>/webhooks/custom/<account>/<endpoint>',
  })
  url(@Root() webhook: WebhookRecord, @Ctx() ctx: GraphQLContext): string {
    return ingestionUrl(ctx.deps.publicUrl, actorOf(ctx).accountSlug, webhook.endpoint);
  }

  @FieldResolver(() => FilterGroupType, {
    nullable: true,
    description: 'Readers see secret condition values (sender tokens) as "[REDACTED]".',
  })
  filter(@Root() webhook: WebhookRecord, @Ctx() ctx: GraphQLContext) {
    return actorOf(ctx).role === 'ADMIN' ? webhook.filter : redactFilterSecrets(webhook.filter);
  }

  @FieldResolver(() => [WebhookActionEnum])
  allowedActions(@Root() webhook: WebhookRecord, @Ctx() ctx: GraphQLContext): WebhookAction[] {
    return actorOf(ctx).role === 'ADMIN' ? allowedActions(webhook.status) : [];
  }

  @FieldResolver(() => RequestLogConnection)
  logs(@Root() webhook: WebhookRecord, @Args() args: LogsArgs, @Ctx() ctx: GraphQLContext) {
    return listRequestLogs(ctx.deps, actorOf(ctx), webhook.id, args);
  }

  @FieldResolver(() => [WebhookStatsBucketType], {
    description:
      'Buckets from `from` to `to` (at most 1,500 buckets), empty ones included: counts by outcome and latency ' +
      'percentiles, from a rollup kept as requests are stored.',
  })
  stats(@Root() webhook: WebhookRecord, @Args() args: StatsArgs, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.webhookStats.load({ webhookId: webhook.id, question: args });
  }

  @FieldResolver(() => RequestLogType, { nullable: true, description: 'The most recent request.' })
  lastRequest(@Root() webhook: WebhookRecord, @Ctx() ctx: GraphQLContext) {
    return ctx.loaders.lastRequest.load(webhook.id);
  }

  @FieldResolver(() => WebhookChangeConnection, { description: 'Who changed what and when, newest first.' })
  history(@Root() webhook: WebhookRecord, @Args() args: PageArgs, @Ctx() ctx: GraphQLContext) {
    return listWebhookHistory(ctx.deps, actorOf(ctx), webhook.id, args);
  }
}
