/** Plain data shapes shared by every layer. No framework types here. */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const HTTP_METHODS = ['POST', 'PUT'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const WEBHOOK_STATUSES = ['INACTIVE', 'ACTIVE', 'ARCHIVED'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const FILTER_JOINS = ['AND', 'OR'] as const;
export type FilterJoin = (typeof FILTER_JOINS)[number];

export const FILTER_OPERATORS = [
  'EXISTS',
  'NOT_EXISTS',
  'EQUALS',
  'NOT_EQUALS',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL',
  'CONTAINS',
  'NOT_CONTAINS',
  'STARTS_WITH',
  'ENDS_WITH',
  'IN',
  'NOT_IN',
  'MATCHES',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterCondition {
  /** "headers.<name>" or "body.<dot.path>" */
  attribute: string;
  operator: FilterOperator;
  value?: JsonValue;
}

export interface FilterGroup {
  join: FilterJoin;
  conditions: FilterCondition[];
  groups: FilterGroup[];
}

export interface ReplaceRule {
  value: JsonValue;
  replacement: JsonValue;
}

export interface MappingRule {
  /** a body path without the "body." prefix */
  from: string;
  /** "customer" or "data.<dot.path>" */
  to: string;
  default?: JsonValue;
  replace: ReplaceRule[];
}

/** Everything an admin configures on a webhook. */
export interface WebhookSettings {
  name: string;
  method: HttpMethod;
  endpoint: string;
  filter: FilterGroup | null;
  action: string;
  mapping: MappingRule[];
  successResponse: string | null;
  errorResponse: string | null;
}

export const ATTRIBUTE_TYPES = ['STRING', 'NUMBER', 'BOOLEAN', 'STRING_LIST', 'OBJECT'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

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

export const ROLES = ['ADMIN', 'READER'] as const;
export type Role = (typeof ROLES)[number];

/** What became of a request to a webhook, as its log records it. */
export const REQUEST_OUTCOMES = [
  'PROCESSED',
  'FILTERED',
  'INVALID_REQUEST',
  'INVALID_EVENT',
  'NOT_ROUTABLE',
  'FAILED',
] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];
