import { Field, ID, ObjectType } from 'type-graphql';
import type { AttributeType, HttpMethod } from '../../domain/types.js';
import { AttributeTypeEnum, HttpMethodEnum } from '../enums.js';
import { JSONScalar } from '../scalars.js';
import { FilterGroupType, MappingType } from './webhook.js';

@ObjectType('WebhookTemplate')
export class WebhookTemplateType {
  @Field(() => HttpMethodEnum) method!: HttpMethod;
  @Field(() => String, { nullable: true }) endpoint!: string | null;
  @Field(() => FilterGroupType, { nullable: true }) filter!: FilterGroupType | null;
  @Field(() => String, { nullable: true }) action!: string | null;
  @Field(() => [MappingType]) mapping!: MappingType[];
  @Field(() => String, { nullable: true }) successResponse!: string | null;
  @Field(() => String, { nullable: true }) errorResponse!: string | null;
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
