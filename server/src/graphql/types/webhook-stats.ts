import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../scalars.js';

@ObjectType('WebhookStatsBucket', { description: "One bucket of a webhook's statistics." })
export class WebhookStatsBucketType {
  @Field(() => DateTimeScalar, { description: 'Start of the bucket (UTC).' }) start!: Date;
  @Field(() => Int) total!: number;
  @Field(() => Int) processed!: number;
  @Field(() => Int) filtered!: number;
  @Field(() => Int, { description: 'INVALID_REQUEST + INVALID_EVENT' }) invalid!: number;
  @Field(() => Int, { description: 'UNAUTHENTICATED + NOT_ROUTABLE' }) rejected!: number;
  @Field(() => Int) duplicate!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Float, {
    nullable: true,
    description: 'Median duration; null when the bucket is empty. Estimated from a histogram, within 25 %.',
  })
  p50Ms!: number | null;
  @Field(() => Float, { nullable: true, description: '95th percentile duration; null when the bucket is empty.' })
  p95Ms!: number | null;
}
