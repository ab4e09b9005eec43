import type { AttributeType } from '@intake/rules';

/**
 * Plain data shapes shared by every layer. No framework types here. The shapes and lists the console must agree
 * on live in `@intake/rules` and are re-exported here, so server code has one place to import them from.
 */
export {
  ATTRIBUTE_TYPES,
  FILTER_JOINS,
  FILTER_OPERATORS,
  HTTP_METHODS,
  REQUEST_OUTCOMES,
  ROLES,
  WEBHOOK_STATUSES,
  type AttributeType,
  type FilterCondition,
  type FilterGroup,
  type FilterJoin,
  type FilterOperator,
  type HttpMethod,
  type JsonObject,
  type JsonValue,
  type MappingRule,
  type ReplaceRule,
  type RequestOutcome,
  type Role,
  type WebhookSettings,
  type WebhookStatus,
} from '@intake/rules';
export interface EventAttribute {
  /** "customer" or "data.<path>" */
  path: string;
  type: AttributeType;
  required: boolean;
  description: string;
}

export interface EventDefinition {
  name: string;
  label: string;
  description: string;
  attributes: EventAttribute[];
}
