import { Field, InputType } from 'type-graphql';
import type { HttpMethod } from '../../domain/types.js';
import { HttpMethodEnum } from '../enums.js';
import { JSONScalar } from '../scalars.js';

@InputType({ description: 'A request as a sender would send it; nothing is stored.' })
export class TestRequestInput {
  @Field(() => HttpMethodEnum, { nullable: true, description: "Defaults to the webhook's method." })
  method?: HttpMethod | null;
  @Field(() => JSONScalar, {
    nullable: true,
    description: 'Header names to values; content-type defaults to application/json.',
  })
  headers?: Record<string, string> | null;
  @Field({ description: 'The raw body text (so that invalid JSON can be tried too).' }) body!: string;
  @Field(() => Boolean, {
    nullable: true,
    description:
      "Admins only: sign the sample server-side with the webhook's newest live secret, as a correct sender would " +
      '(signature headers given are replaced). Neither the secret nor the signature is returned.',
  })
  signWithSecret?: boolean | null;
}
