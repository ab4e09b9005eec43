import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { LogSelection, ReplayJobStatus } from '../../application/replay/ports.js';
import type { RequestOutcome } from '../../domain/types.js';
import { ReplayJobStatusEnum, RequestOutcomeEnum } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType('ReplayJob', {
  description: 'A bulk replay (replayRequests): its progress, polled until DONE or CANCELLED.',
})
export class ReplayJobType {
  @Field(() => ID) id!: string;
  @Field(() => ReplayJobStatusEnum) status!: ReplayJobStatus;
  @Field(() => Int, { description: 'The logs the selection matched when the job was created.' }) total!: number;
  @Field(() => Int, { description: 'The logs replayed so far (those that could not be replayed included).' })
  done!: number;
  @Field(() => Int, { description: 'Replays that registered an event.' }) processed!: number;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
}

@InputType('LogSelectionInput', {
  description: "Which of a webhook's logs to replay: every field given must match; only logs received until now.",
})
export class LogSelectionInput implements LogSelection {
  @Field(() => ID) webhookId!: string;
  @Field(() => RequestOutcomeEnum, { nullable: true }) outcome?: RequestOutcome | null;
  @Field(() => Int, { nullable: true }) statusCode?: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'From this time on (inclusive).' })
  receivedAfter?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Before this time (exclusive).' })
  receivedBefore?: Date | null;
}
