import { registerEnumType } from 'type-graphql';
import { WEBHOOK_ACTIONS } from '../domain/lifecycle.js';
import {
  ATTRIBUTE_TYPES,
  FILTER_JOINS,
  FILTER_OPERATORS,
  HMAC_ALGORITHMS,
  HTTP_METHODS,
  ROLES,
  SIGNATURE_ENCODINGS,
  VERIFICATION_SCHEMES,
  WEBHOOK_STATUSES,
  REQUEST_OUTCOMES,
} from '../domain/types.js';
import { STATS_INTERVALS } from '../domain/stats.js';

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
export const VerificationSchemeEnum = enumOf(VERIFICATION_SCHEMES);
export const HmacAlgorithmEnum = enumOf(HMAC_ALGORITHMS);
export const SignatureEncodingEnum = enumOf(SIGNATURE_ENCODINGS);
export const StatsIntervalEnum = enumOf(STATS_INTERVALS);

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
    UNAUTHENTICATED: { description: 'verification failed or missing (401); nothing registered' },
    DUPLICATE: {
      description: 'the idempotency key was already PROCESSED: the original answer is repeated, nothing registered',
    },
  },
});
registerEnumType(AttributeTypeEnum, { name: 'AttributeType' });
registerEnumType(RoleEnum, { name: 'Role' });
registerEnumType(WebhookActionEnum, {
  name: 'WebhookAction',
  description: 'What the current status allows (the lifecycle table).',
});
registerEnumType(VerificationSchemeEnum, {
  name: 'VerificationScheme',
  description: 'How a webhook authenticates its sender (docs/spec/next/sender-auth.md).',
  valuesConfig: {
    NONE: { description: 'explicit choice: anyone who knows the URL may send' },
    STANDARD_WEBHOOKS: {
      description: 'webhook-id / webhook-timestamp / webhook-signature (svix-* accepted too); v1 HMAC-SHA256 base64',
    },
    STRIPE: { description: 'Stripe-Signature: t=<unix>,v1=<hex> over "t.body"; key = the whole secret text' },
    GITHUB: { description: 'X-Hub-Signature-256: sha256=<hex> over the body' },
    SHOPIFY: { description: 'X-Shopify-Hmac-Sha256: base64 over the body' },
    WOOCOMMERCE: { description: 'X-WC-Webhook-Signature: base64 over the body' },
    SLACK: { description: 'X-Slack-Signature: v0=<hex> over "v0:<X-Slack-Request-Timestamp>:body"' },
    HMAC: { description: 'generic: header, algorithm, encoding, prefix, optional timestamp header' },
    BASIC_AUTH: { description: 'Authorization: Basic; username configured, password = the secret' },
    API_KEY: { description: 'a header carries the secret ("authorization" means "Bearer <secret>")' },
  },
});
registerEnumType(HmacAlgorithmEnum, { name: 'HmacAlgorithm' });
registerEnumType(SignatureEncodingEnum, { name: 'SignatureEncoding' });
registerEnumType(StatsIntervalEnum, { name: 'StatsInterval', description: 'The width of a statistics bucket (UTC).' });

export enum ReplayJobStatusEnum {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ReplayJobStatusEnum, { name: 'ReplayJobStatus', description: 'Where a bulk replay is.' });
