import { registerEnumType } from 'type-graphql';
import { WEBHOOK_ACTIONS } from '../domain/lifecycle.js';
import {
  ATTRIBUTE_TYPES,
  FILTER_JOINS,
  FILTER_OPERATORS,
  HTTP_METHODS,
  ROLES,
  WEBHOOK_STATUSES,
  REQUEST_OUTCOMES,
} from '../domain/types.js';

/** GraphQL enums are built from the domain's lists, so the two can never drift apart. */
function enumOf<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

export const HttpMethodEnum = enumOf(HTTP_METHODS);
export const WebhookStatusEnum = enumOf(WEBHOOK_STATUSES);
export const FilterJoinEnum = enumOf(FILTER_JOINS);
export const FilterOperatorEnum = enumOf(FILTER_OPERATORS);
export const RequestOutcomeEnum = enumOf(REQUEST_OUTCOMES);
export const AttributeTypeEnum = enumOf(ATTRIBUTE_TYPES);
export const RoleEnum = enumOf(ROLES);
export const WebhookActionEnum = enumOf(WEBHOOK_ACTIONS);

registerEnumType(HttpMethodEnum, { name: 'HttpMethod' });
registerEnumType(WebhookStatusEnum, { name: 'WebhookStatus' });
registerEnumType(FilterJoinEnum, { name: 'FilterJoin' });
registerEnumType(FilterOperatorEnum, { name: 'FilterOperator' });
registerEnumType(RequestOutcomeEnum, {
  name: 'RequestOutcome',
  valuesConfig: {
    PROCESSED: { description: 'event registered, success response sent (2xx)' },
    FILTERED: { description: 'filters did not match: nothing registered (422)' },
    INVALID_REQUEST: { description: 'unreadable or unsupported body (400/413/415)' },
    INVALID_EVENT: { description: 'mapped event failed validation or an event rule (422)' },
    NOT_ROUTABLE: { description: 'the webhook is inactive or archived, or the method differs (404/405)' },
    FAILED: { description: 'our fault, e.g. storage unavailable (5xx); the sender should retry' },
  },
});
registerEnumType(AttributeTypeEnum, { name: 'AttributeType' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(WebhookActionEnum, {
  name: 'WebhookAction',
  description: 'What the current status allows (the lifecycle table).',
});
