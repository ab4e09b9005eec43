import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { HmacAlgorithm, SignatureEncoding, VerificationScheme } from '../../domain/types.js';
import { HmacAlgorithmEnum, SignatureEncodingEnum, VerificationSchemeEnum } from '../enums.js';
import { DateTimeScalar } from '../scalars.js';

@ObjectType('WebhookSecret', { description: 'A sender secret as it is shown after its creation: never the value.' })
export class WebhookSecretType {
  @Field(() => ID) id!: string;
  @Field({ description: 'The last 4 characters, e.g. "…x9Qa"; the value itself is never returned again.' })
  hint!: string;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'null = until replaced; a rotation sets it on the older secrets.',
  })
  expiresAt!: Date | null;
}

/** A webhook's verification settings; `secrets` comes from VerificationResolver (by `webhookId`). */
@ObjectType('Verification')
export class VerificationType {
  @Field(() => VerificationSchemeEnum) scheme!: VerificationScheme;
  @Field(() => String, { nullable: true, description: 'HMAC: the signature header; API_KEY: the key header.' })
  header?: string | null;
  @Field(() => HmacAlgorithmEnum, { nullable: true }) algorithm?: HmacAlgorithm | null;
  @Field(() => SignatureEncodingEnum, { nullable: true }) encoding?: SignatureEncoding | null;
  @Field(() => String, { nullable: true }) prefix?: string | null;
  @Field(() => String, { nullable: true }) timestampHeader?: string | null;
  @Field(() => Int, { nullable: true }) toleranceSeconds?: number | null;
  @Field(() => String, { nullable: true }) username?: string | null;
  webhookId!: string;
}

@ObjectType('Idempotency')
export class IdempotencyType {
  @Field({ description: 'Where the sender\'s delivery id is: "headers.<name>" or "body.<dot.path>".' }) key!: string;
  @Field(() => Int, { description: 'How long a processed key is remembered.' }) windowHours!: number;
}
