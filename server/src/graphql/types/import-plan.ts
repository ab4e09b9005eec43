import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { ImportChangeKind } from '../../application/webhooks/import-webhooks.js';

export const ImportChangeKindEnum = { CREATE: 'CREATE', UPDATE: 'UPDATE', UNCHANGED: 'UNCHANGED' } as const satisfies {
  [K in ImportChangeKind]: K;
};
registerEnumType(ImportChangeKindEnum, { name: 'ImportChangeKind' });

@ObjectType('ImportChange', { description: 'One webhook of an imported document, matched by endpoint.' })
export class ImportChangeType {
  @Field() endpoint!: string;
  @Field(() => ImportChangeKindEnum) kind!: ImportChangeKind;
  @Field(() => [String], {
    description: 'The settings (and status) a creation sets or an update changes; empty when unchanged.',
  })
  fields!: string[];
  @Field(() => [String], {
    description: 'What to do next, e.g. a status the document asked for that activation does not allow yet.',
  })
  notes!: string[];
  @Field(() => ID, { nullable: true, description: 'The webhook; null for a creation in a dry run.' })
  webhookId!: string | null;
}

@ObjectType('ImportPlan')
export class ImportPlanType {
  @Field({ description: 'False for a dry run: nothing was changed.' }) applied!: boolean;
  @Field(() => [ImportChangeType], { description: 'In the order of the document.' }) changes!: ImportChangeType[];
}
