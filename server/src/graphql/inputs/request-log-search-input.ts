import { Field, ID, InputType, Int } from 'type-graphql';
import type { RequestLogSearch } from '../../application/logs/request-log-repository.js';
import type { RequestOutcome } from '../../domain/types.js';
import { RequestOutcomeEnum } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@InputType('RequestLogSearchInput', {
  description: "What to look for in the account's request logs; every field given must match.",
})
export class RequestLogSearchInput implements Omit<RequestLogSearch, 'first' | 'after'> {
  @Field(() => String, { nullable: true, description: 'The customer the request was mapped to (exact).' })
  customerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The request id (X-Request-Id; exact).' })
  requestId?: string | null;
  @Field(() => RequestOutcomeEnum, { nullable: true }) outcome?: RequestOutcome | null;
  @Field(() => Int, { nullable: true }) statusCode?: number | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'From this time on (inclusive).' })
  receivedAfter?: Date | null;
  @Field(() => DateTimeScalar, { nullable: true, description: 'Before this time (exclusive).' })
  receivedBefore?: Date | null;
  @Field(() => String, {
    nullable: true,
    description:
      'Text the stored request body contains, case-insensitively, taken literally (2 to 200 characters). Needs ' +
      'receivedAfter, in a range of at most 7 days.',
  })
  bodyContains?: string | null;
}
