import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import type { JsonObject, RequestOutcome } from '../../domain/types.js';
import { RequestOutcomeEnum } from '../enums.js';
import { DateTimeScalar, JSONScalar } from '../scalars.js';
import { Connection } from './common.js';

@ObjectType('RequestLog')
export class RequestLogType {
  @Field(() => ID) id!: string;
  @Field(() => DateTimeScalar) receivedAt!: Date;
  @Field() method!: string;
  @Field() path!: string;
  @Field(() => String, { nullable: true, description: 'The query string, without "?".' }) query!: string | null;
  @Field(() => Int) statusCode!: number;
  @Field(() => Float) durationMs!: number;
  @Field(() => RequestOutcomeEnum) outcome!: RequestOutcome;
  @Field(() => String, { nullable: true, description: 'The reason code, e.g. FILTERED or MISSING_ATTRIBUTE.' })
  errorCode!: string | null;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => JSONScalar) requestHeaders!: JsonObject;
  @Field(() => String, { nullable: true }) requestBody!: string | null;
  @Field({ description: 'True when the stored body was cut at the size limit.' }) bodyTruncated!: boolean;
  @Field() responseBody!: string;
  @Field(() => JSONScalar) responseHeaders!: JsonObject;
  @Field(() => String, {
    nullable: true,
    description: "The sender's delivery id, read where the webhook's idempotency key says.",
  })
  idempotencyKey!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'For a replay: who replayed it ("user:<email>" or "api-key:<name>").',
  })
  replayedBy!: string | null;
  webhookId!: string;
  eventId!: string | null;
  duplicateOfId!: string | null;
  replayOfId!: string | null;
}

@ObjectType('RequestLogConnection')
export class RequestLogConnection extends Connection(RequestLogType) {
  @Field(() => DateTimeScalar, {
    nullable: true,
    description:
      'requestLogs only: set when the page ended early because it had examined as many logs as a page may (outcome, ' +
      'status code and body text are checked on 10,000 logs per page): the received time of the last log examined. ' +
      'pageInfo.endCursor continues from there. Null otherwise.',
  })
  searchedBackTo?: Date | null;
}
