import type {
  EventDefinitionsQuery,
  VerificationScheme,
  WebhookSecretFieldsFragment,
  WebhookSettingsFieldsFragment,
} from '../gql/graphql';

/** Data shaped like the API's answers, for mock clients. */

export const EVENT_DEFINITIONS: EventDefinitionsQuery['eventDefinitions'] = [
  {
    name: 'point_add',
    label: 'Point add',
    description: 'Adds points to the member balance.',
    attributes: [
      { path: 'customer', type: 'STRING', required: true, description: 'The member' },
      { path: 'data.points', type: 'NUMBER', required: true, description: 'Points to add' },
      { path: 'data.reason', type: 'STRING', required: false, description: 'Why' },
    ],
  },
  {
    name: 'opt_in',
    label: 'Opt in',
    description: 'Enrols the member.',
    attributes: [{ path: 'data.email', type: 'STRING', required: false, description: 'Email' }],
  },
];

export function pointAddWebhook(overrides: Partial<WebhookSettingsFieldsFragment> = {}): WebhookSettingsFieldsFragment {
  return {
    id: 'wh-1',
    name: 'Point add',
    method: 'POST',
    endpoint: 'endpoint1',
    url: 'https://intake.example/webhooks/custom/acme/endpoint1',
    status: 'INACTIVE',
    action: 'point_add',
    version: 3,
    successResponse: '{"ok":true}',
    errorResponse: null,
    allowedActions: ['EDIT', 'ACTIVATE', 'ARCHIVE'],
    filter: {
      join: 'AND',
      conditions: [{ attribute: 'body.pointadd', operator: 'EQUALS', value: 'yes' }],
      groups: [],
    },
    mapping: [
      { from: 'clientID', to: 'customer', default: null, replace: [], expression: null },
      { from: 'pointstobeadded', to: 'data.points', default: null, replace: [], expression: null },
    ],
    verification: verificationOf('NONE'),
    idempotency: null,
    splitOn: null,
    ...overrides,
  };
}

/** A webhook's verification as the API returns it: the scheme, every option null unless given, the secrets. */
export function verificationOf(
  scheme: VerificationScheme,
  options: Partial<Omit<WebhookSettingsFieldsFragment['verification'], 'scheme'>> = {},
): WebhookSettingsFieldsFragment['verification'] {
  return {
    scheme,
    header: null,
    algorithm: null,
    encoding: null,
    prefix: null,
    timestampHeader: null,
    toleranceSeconds: null,
    username: null,
    secrets: [],
    ...options,
  };
}

export function secretOf(overrides: Partial<WebhookSecretFieldsFragment> = {}): WebhookSecretFieldsFragment {
  return { id: 'sec-1', hint: '…x9Qa', createdAt: '2026-11-30T10:00:00.000Z', expiresAt: null, ...overrides };
}
