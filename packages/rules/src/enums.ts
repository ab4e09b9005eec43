/**
 * The closed lists the GraphQL schema exposes as enums. The server builds its GraphQL enums and database checks
 * from these; the console offers them in its selects (a console test checks they equal the generated types).
 */

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

export const ATTRIBUTE_TYPES = ['STRING', 'NUMBER', 'BOOLEAN', 'STRING_LIST', 'OBJECT'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

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
  'UNAUTHENTICATED',
  'DUPLICATE',
] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** True when `value` is one of `list`: narrows a string read from input to the list's type. */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
