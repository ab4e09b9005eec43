import type { AttributeType } from '@intake/rules';

/**
 * Plain data shapes shared by every layer. No framework types here. The shapes and lists the console must agree
 * on live in `@intake/rules` and are re-exported here, so server code has one place to import them from.
 */
export {
  ATTRIBUTE_TYPES,
  FILTER_JOINS,
  FILTER_OPERATORS,
  HMAC_ALGORITHMS,
  HTTP_METHODS,
  REQUEST_OUTCOMES,
  ROLES,
  SIGNATURE_ENCODINGS,
  VERIFICATION_SCHEMES,
  WEBHOOK_STATUSES,
  type AttributeType,
  type ExpressionErrorCode,
  type FilterCondition,
  type FilterGroup,
  type FilterJoin,
  type FilterOperator,
  type HmacAlgorithm,
  type HttpMethod,
  type IdempotencyInput,
  type IdempotencySettings,
  type JsonObject,
  type JsonValue,
  type MappingRule,
  type NewWebhookSettings,
  type ReplaceRule,
  type RequestOutcome,
  type Role,
  type SignatureEncoding,
  type VerificationScheme,
  type VerificationSettings,
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
