import { Field, ID, Int, ObjectType } from 'type-graphql';
import type {
  AttributeType,
  HmacAlgorithm,
  HttpMethod,
  SignatureEncoding,
  VerificationScheme,
} from '../../domain/types.js';
import {
  AttributeTypeEnum,
  HmacAlgorithmEnum,
  HttpMethodEnum,
  SignatureEncodingEnum,
  VerificationSchemeEnum,
} from '../enums.js';
import { JSONScalar } from '../scalars.js';
import { IdempotencyType } from './verification.js';
import { FilterGroupType, MappingType } from './webhook.js';

/** A blueprint's verification: the scheme and options of `Verification`, without secrets (a template has none). */
@ObjectType('TemplateVerification')
export class TemplateVerificationType {
  @Field(() => VerificationSchemeEnum) scheme!: VerificationScheme;
  @Field(() => String, { nullable: true }) header?: string | null;
  @Field(() => HmacAlgorithmEnum, { nullable: true }) algorithm?: HmacAlgorithm | null;
  @Field(() => SignatureEncodingEnum, { nullable: true }) encoding?: SignatureEncoding | null;
  @Field(() => String, { nullable: true }) prefix?: string | null;
  @Field(() => String, { nullable: true }) timestampHeader?: string | null;
  @Field(() => Int, { nullable: true }) toleranceSeconds?: number | null;
  @Field(() => String, { nullable: true }) username?: string | null;
}

@ObjectType('WebhookTemplate')
export class WebhookTemplateType {
  @Field(() => HttpMethodEnum) method!: HttpMethod;
  @Field(() => String, { nullable: true }) endpoint!: string | null;
  @Field(() => FilterGroupType, { nullable: true }) filter!: FilterGroupType | null;
  @Field(() => String, { nullable: true }) action!: string | null;
  @Field(() => [MappingType]) mapping!: MappingType[];
  @Field(() => String, { nullable: true }) successResponse!: string | null;
  @Field(() => String, { nullable: true }) errorResponse!: string | null;
  @Field(() => TemplateVerificationType, { description: 'How the sender is verified; NONE when it cannot be.' })
  verification!: TemplateVerificationType;
  @Field(() => IdempotencyType, { nullable: true, description: "Where the sender's delivery id is, when it has one." })
  idempotency!: IdempotencyType | null;
  @Field(() => String, {
    nullable: true,
    description: 'Fan-out: "body.<path to a list>" whose items each become one event; null = one event per request.',
  })
  splitOn!: string | null;
}

@ObjectType('SampleRequest')
export class SampleRequestType {
  @Field(() => JSONScalar) headers!: Record<string, string>;
  @Field(() => JSONScalar) body!: unknown;
}

@ObjectType('Blueprint')
export class BlueprintType {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() description!: string;
  @Field() category!: string;
  @Field(() => WebhookTemplateType) template!: WebhookTemplateType;
  @Field(() => SampleRequestType, { description: 'A message this blueprint accepts, for the test panel.' })
  sample!: SampleRequestType;
}

@ObjectType('EventAttribute')
export class EventAttributeType {
  @Field() path!: string;
  @Field(() => AttributeTypeEnum) type!: AttributeType;
  @Field() required!: boolean;
  @Field() description!: string;
}

@ObjectType('EventDefinition')
export class EventDefinitionType {
  @Field() name!: string;
  @Field() label!: string;
  @Field() description!: string;
  @Field(() => [EventAttributeType]) attributes!: EventAttributeType[];
}
