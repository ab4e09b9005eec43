import type { FilterCondition, FilterGroup, MappingRule, NewWebhookSettings } from '../src/index.js';

/**
 * One table of webhook settings that the server and the console must judge alike: each side's tests run every
 * case through its own path (the server's `validateWebhookSettings`, the console's editor model from draft to
 * input) and expect exactly these messages at exactly these input paths. Entry point
 * `@intake/rules/agreement-cases`, for tests only.
 *
 * Every case is something the console's editor can express (it round-trips through the editor's draft), so a
 * difference means the two sides disagree, not that the console could not say it. Not in the table: whether an
 * action is in the event catalogue (only the server knows it; the console offers nothing else) and what only the
 * editor can get wrong (an empty sub-group, a non-number in a list of numbers).
 */
export interface AgreementCase {
  label: string;
  settings: NewWebhookSettings;
  /** The first problem at each input path (without the `input.` prefix); empty when the settings are accepted. */
  expected: Record<string, string>;
}

const BASE: NewWebhookSettings = {
  name: 'Points from the shop',
  method: 'POST',
  endpoint: 'shop-points',
  filter: null,
  action: 'point_add',
  mapping: [
    { from: 'client.id', to: 'customer', replace: [] },
    { from: 'points', to: 'data.points', replace: [] },
  ],
  successResponse: null,
  errorResponse: null,
  // The console always says both: NONE is an explicit choice, null is "no idempotency".
  verification: { scheme: 'NONE' },
  idempotency: null,
};

function settings(change: Partial<NewWebhookSettings>): NewWebhookSettings {
  return { ...BASE, ...change };
}

function filterOf(...conditions: FilterCondition[]): Partial<NewWebhookSettings> {
  return { filter: { join: 'AND', conditions, groups: [] } };
}

function nestedFilter(depth: number): FilterGroup {
  let group: FilterGroup = { join: 'AND', conditions: [{ attribute: 'body.a', operator: 'EXISTS' }], groups: [] };
  for (let level = 1; level < depth; level++) group = { join: 'OR', conditions: [], groups: [group] };
  return group;
}

/** `count` MATCHES conditions: half on headers, half on the body, the last one in a nested group. */
function matchesFilter(count: number): FilterGroup {
  const conditions = Array.from({ length: count - 1 }, (_, i): FilterCondition => ({
    attribute: i % 2 === 0 ? `headers.x-code-${i}` : `body.code${i}`,
    operator: 'MATCHES',
    value: `^VIP-${i}`,
  }));
  const nested: FilterGroup = {
    join: 'OR',
    conditions: [{ attribute: 'body.last', operator: 'MATCHES', value: '^[0-9]+$' }],
    groups: [],
  };
  return { join: 'AND', conditions, groups: [nested] };
}

function mappingOf(...rows: MappingRule[]): Partial<NewWebhookSettings> {
  return { mapping: [{ from: 'client.id', to: 'customer', replace: [] }, ...rows] };
}

const ENDPOINT_SYNTAX = 'use 1 to 64 lower-case letters, digits, "_" or "-", starting with a letter or digit.';
const RE2_REFUSAL = 'Lookarounds and backreferences are not supported.';
const C0 = 'filter.conditions[0]';

export const AGREEMENT_CASES: readonly AgreementCase[] = [
  { label: 'valid settings', settings: BASE, expected: {} },

  // name
  { label: 'an empty name', settings: settings({ name: '' }), expected: { name: 'The name is empty.' } },
  {
    label: 'a name over 120 characters',
    settings: settings({ name: 'n'.repeat(121) }),
    expected: { name: 'The name is 121 characters long; at most 120 are allowed.' },
  },

  // endpoint syntax
  { label: 'a lower-case endpoint with "_" and "-"', settings: settings({ endpoint: 'shop_points-2' }), expected: {} },
  {
    label: 'an endpoint with capitals and a space',
    settings: settings({ endpoint: 'Shop Points' }),
    expected: { endpoint: `"Shop Points" is not a valid endpoint: ${ENDPOINT_SYNTAX}` },
  },
  {
    label: 'an endpoint starting with "-"',
    settings: settings({ endpoint: '-points' }),
    expected: { endpoint: `"-points" is not a valid endpoint: ${ENDPOINT_SYNTAX}` },
  },
  {
    label: 'an endpoint of 65 characters',
    settings: settings({ endpoint: 'e'.repeat(65) }),
    expected: { endpoint: `"${'e'.repeat(57)}…" is not a valid endpoint: ${ENDPOINT_SYNTAX}` },
  },
  { label: 'an endpoint of 64 characters', settings: settings({ endpoint: 'e'.repeat(64) }), expected: {} },

  // action
  {
    label: 'no action',
    settings: settings({ action: '' }),
    expected: { action: 'Choose the event to register: an empty action is not an event of the catalogue.' },
  },

  // filter attributes
  {
    label: 'an attribute without a source',
    settings: settings(filterOf({ attribute: 'pointadd', operator: 'EXISTS' })),
    expected: { [`${C0}.attribute`]: '"pointadd" must start with "headers." or "body.", e.g. body.customer_id.' },
  },
  {
    label: 'a capitalised source',
    settings: settings(filterOf({ attribute: 'Body.points', operator: 'EXISTS' })),
    expected: { [`${C0}.attribute`]: '"Body.points" must start with "headers." or "body.", e.g. body.customer_id.' },
  },
  {
    label: 'a header without a name',
    settings: settings(filterOf({ attribute: 'headers.', operator: 'EXISTS' })),
    expected: { [`${C0}.attribute`]: 'Name the header after "headers.", e.g. headers.x-signature.' },
  },
  {
    label: 'a header name with a space',
    settings: settings(filterOf({ attribute: 'headers.x token', operator: 'EXISTS' })),
    expected: { [`${C0}.attribute`]: '"x token" is not a valid header name.' },
  },
  {
    label: 'a body path with an empty segment',
    settings: settings(filterOf({ attribute: 'body.a..b', operator: 'EXISTS' })),
    expected: { [`${C0}.attribute`]: 'The path "a..b" has an empty segment (segment 2); remove the extra dot.' },
  },
  {
    label: 'an empty body path',
    settings: settings(filterOf({ attribute: 'body.', operator: 'EXISTS' })),
    expected: { [`${C0}.attribute`]: 'The path is empty.' },
  },
  {
    label: 'a body path through __proto__',
    settings: settings(filterOf({ attribute: 'body.__proto__.polluted', operator: 'EXISTS' })),
    expected: {
      [`${C0}.attribute`]: 'The path "__proto__.polluted" uses "__proto__", which is not allowed as a segment.',
    },
  },
  {
    label: 'a header and a body path into a list',
    settings: settings(
      filterOf(
        { attribute: 'headers.X-Token', operator: 'EXISTS' },
        { attribute: 'body.items.0.sku', operator: 'EXISTS' },
      ),
    ),
    expected: {},
  },

  // operator values
  {
    label: 'a number operator with a text',
    settings: settings(filterOf({ attribute: 'body.points', operator: 'LESS_THAN', value: 'ten' })),
    expected: { [`${C0}.value`]: 'LESS_THAN needs a number to compare with, e.g. 0; got "ten".' },
  },
  {
    label: 'a number operator with a number',
    settings: settings(filterOf({ attribute: 'body.points', operator: 'GREATER_THAN_OR_EQUAL', value: 2.5 })),
    expected: {},
  },
  {
    label: 'STARTS_WITH an empty text',
    settings: settings(filterOf({ attribute: 'body.code', operator: 'STARTS_WITH', value: '' })),
    expected: { [`${C0}.value`]: 'STARTS_WITH needs a non-empty text or a number; got "".' },
  },
  {
    label: 'EQUALS null, a number, an object',
    settings: settings(
      filterOf(
        { attribute: 'body.a', operator: 'EQUALS', value: null },
        { attribute: 'body.b', operator: 'NOT_EQUALS', value: 10 },
        { attribute: 'body.c', operator: 'EQUALS', value: { tier: 'gold' } },
      ),
    ),
    expected: {},
  },
  {
    label: 'CONTAINS a list',
    settings: settings(filterOf({ attribute: 'body.tags', operator: 'CONTAINS', value: ['vip'] })),
    expected: { [`${C0}.value`]: 'CONTAINS needs a text, number, boolean or null to look for; got ["vip"].' },
  },
  {
    label: 'IN an empty list',
    settings: settings(filterOf({ attribute: 'body.tier', operator: 'IN', value: [] })),
    expected: { [`${C0}.value`]: 'IN needs at least one value in the list.' },
  },
  {
    label: 'NOT_IN 101 values',
    settings: settings(
      filterOf({ attribute: 'body.tier', operator: 'NOT_IN', value: Array.from({ length: 101 }, (_, i) => `t${i}`) }),
    ),
    expected: { [`${C0}.value`]: 'NOT_IN takes at most 100 values; the list has 101.' },
  },
  {
    label: 'IN texts and IN numbers',
    settings: settings(
      filterOf(
        { attribute: 'body.tier', operator: 'IN', value: ['gold', 'silver'] },
        { attribute: 'body.level', operator: 'NOT_IN', value: [1, 2] },
      ),
    ),
    expected: {},
  },
  {
    label: 'EQUALS a text over 4 KiB',
    settings: settings(filterOf({ attribute: 'body.a', operator: 'EQUALS', value: 'x'.repeat(4096) })),
    expected: { [`${C0}.value`]: 'The value is larger than 4096 bytes.' },
  },

  // regular expressions: RE2, not JavaScript
  {
    label: 'a pattern RE2 accepts',
    settings: settings(filterOf({ attribute: 'body.code', operator: 'MATCHES', value: '^VIP-[0-9]+$' })),
    expected: {},
  },
  {
    label: 'a lookbehind, which JavaScript accepts and RE2 refuses',
    settings: settings(filterOf({ attribute: 'body.code', operator: 'MATCHES', value: '(?<=VIP-)[0-9]+' })),
    expected: {
      [`${C0}.value`]: `The pattern is not a valid RE2 regular expression (error parsing regexp: invalid named capture: \`(?<=VIP-)[0-9]+\`). ${RE2_REFUSAL}`,
    },
  },
  {
    label: 'a backreference, which JavaScript accepts and RE2 refuses',
    settings: settings(filterOf({ attribute: 'body.code', operator: 'MATCHES', value: '(a)\\1' })),
    expected: {
      [`${C0}.value`]: `The pattern is not a valid RE2 regular expression (error parsing regexp: invalid escape sequence: \`\\1\`). ${RE2_REFUSAL}`,
    },
  },
  {
    label: 'an empty pattern',
    settings: settings(filterOf({ attribute: 'body.code', operator: 'MATCHES', value: '' })),
    expected: { [`${C0}.value`]: 'The pattern is empty.' },
  },
  {
    label: 'a pattern of 257 characters',
    settings: settings(filterOf({ attribute: 'body.code', operator: 'MATCHES', value: 'a'.repeat(257) })),
    expected: { [`${C0}.value`]: 'The pattern is 257 characters long; at most 256 are allowed.' },
  },

  // filter limits
  {
    label: 'groups nested 6 levels deep',
    settings: settings({ filter: nestedFilter(6) }),
    expected: {
      'filter.groups[0].groups[0].groups[0].groups[0].groups[0]': 'Filter groups nest at most 5 levels deep.',
    },
  },
  {
    label: '51 conditions',
    settings: settings(
      filterOf(
        ...Array.from({ length: 51 }, (_, i): FilterCondition => ({ attribute: `body.a${i}`, operator: 'EXISTS' })),
      ),
    ),
    expected: { filter: 'A filter holds at most 50 conditions; this one has 51.' },
  },
  {
    label: '20 MATCHES conditions, headers and body, one of them nested',
    settings: settings({ filter: matchesFilter(20) }),
    expected: {},
  },
  {
    label: '21 MATCHES conditions, headers and body, one of them nested',
    settings: settings({ filter: matchesFilter(21) }),
    expected: { filter: 'A filter holds at most 20 MATCHES conditions; this one has 21.' },
  },

  // mapping
  {
    label: 'a computed value',
    settings: settings(
      mappingOf({ from: 'total_price', to: 'data.points', replace: [], expression: '$floor($number($) * 10)' }),
    ),
    expected: {},
  },
  {
    label: 'an empty expression',
    settings: settings(mappingOf({ from: 'points', to: 'data.points', replace: [], expression: '  ' })),
    expected: {
      'mapping[1].expression': 'The expression is empty: write one, or remove it to copy the value as it is.',
    },
  },
  {
    label: 'an expression over 1,000 characters',
    settings: settings(
      mappingOf({ from: 'points', to: 'data.points', replace: [], expression: `$ & "${'x'.repeat(995)}"` }),
    ),
    expected: { 'mapping[1].expression': 'The expression is 1001 characters long; at most 1000 are allowed.' },
  },
  {
    label: 'a source with the body. prefix',
    settings: settings(mappingOf({ from: 'body.points', to: 'data.points', replace: [] })),
    expected: {
      'mapping[1].from': '"body.points" starts with "body.": mapping reads the body only, so write "points".',
    },
  },
  {
    label: 'an empty source and a target outside data',
    settings: settings(mappingOf({ from: '', to: 'points', replace: [] })),
    expected: {
      'mapping[1].from': 'The path is empty.',
      'mapping[1].to': 'The target "points" must be "customer" or start with "data.", e.g. data.points.',
    },
  },
  {
    label: 'a target through __proto__',
    settings: settings(mappingOf({ from: 'points', to: 'data.__proto__.x', replace: [] })),
    expected: { 'mapping[1].to': 'The path "__proto__.x" uses "__proto__", which is not allowed as a segment.' },
  },
  {
    label: 'a default over 4 KiB',
    settings: settings(mappingOf({ from: 'points', to: 'data.points', default: 'd'.repeat(4096), replace: [] })),
    expected: { 'mapping[1].default': 'The default is larger than 4096 bytes.' },
  },
  {
    label: 'nested targets, defaults and replace values',
    settings: settings(
      mappingOf({
        from: 'order.items.0.qty',
        to: 'data.order.quantity',
        default: 1,
        replace: [{ value: 'none', replacement: 0 }],
      }),
    ),
    expected: {},
  },

  // responses: JSON text
  {
    label: 'JSON responses',
    settings: settings({ successResponse: '{"ok":true}', errorResponse: '"no"' }),
    expected: {},
  },
  {
    label: 'a response in single quotes',
    settings: settings({ successResponse: "{'ok':true}" }),
    expected: {
      successResponse:
        'Single quotes are not JSON: use double quotes around keys and strings, e.g. {"ok":true} (line 1, column 2).',
    },
  },
  {
    label: 'a response with a trailing comma',
    settings: settings({ errorResponse: '{"ok":false,\n}' }),
    expected: { errorResponse: 'A trailing comma before a closing bracket is not allowed in JSON (line 2, column 1).' },
  },
  {
    label: 'a response with an apostrophe inside a string',
    settings: settings({ successResponse: '{"message":"it\'s done"}' }),
    expected: {},
  },
  {
    label: 'a response over 16 KiB',
    settings: settings({ successResponse: JSON.stringify({ text: 'é'.repeat(8200) }) }),
    expected: { successResponse: 'The response is larger than 16384 bytes.' },
  },

  // verification (HMAC cases name the algorithm and encoding: the editor always sends the ones it shows)
  { label: 'GitHub', settings: settings({ verification: { scheme: 'GITHUB' } }), expected: {} },
  {
    label: 'Standard Webhooks with a tolerance of 0 s',
    settings: settings({ verification: { scheme: 'STANDARD_WEBHOOKS', toleranceSeconds: 0 } }),
    expected: { 'verification.toleranceSeconds': 'The tolerance is a whole number of seconds from 1 to 3600.' },
  },
  {
    label: 'HMAC with every option',
    settings: settings({
      verification: {
        scheme: 'HMAC',
        header: 'X-Signature',
        algorithm: 'SHA512',
        encoding: 'BASE64URL',
        prefix: 'sha512=',
        timestampHeader: 'X-Timestamp',
        toleranceSeconds: 120,
      },
    }),
    expected: {},
  },
  {
    label: 'HMAC without its signature header',
    settings: settings({ verification: { scheme: 'HMAC', algorithm: 'SHA256', encoding: 'HEX' } }),
    expected: { 'verification.header': 'HMAC needs the signature header.' },
  },
  {
    label: 'HMAC with a space in the header name',
    settings: settings({ verification: { scheme: 'HMAC', header: 'X Signature', algorithm: 'SHA1', encoding: 'HEX' } }),
    expected: {
      'verification.header': "A header name uses only letters, digits and !#$%&'*+-.^_`|~ (no spaces or colons).",
    },
  },
  {
    label: 'HMAC with the signature header as timestamp header',
    settings: settings({
      verification: {
        scheme: 'HMAC',
        header: 'X-Sig',
        algorithm: 'SHA256',
        encoding: 'BASE64',
        timestampHeader: 'x-sig',
      },
    }),
    expected: { 'verification.timestampHeader': 'The timestamp header must differ from the signature header.' },
  },
  {
    label: 'Basic authentication without a username',
    settings: settings({ verification: { scheme: 'BASIC_AUTH', username: '' } }),
    expected: { 'verification.username': 'BASIC_AUTH needs a username.' },
  },
  {
    label: 'Basic authentication with ":" in the username',
    settings: settings({ verification: { scheme: 'BASIC_AUTH', username: 'shop:1' } }),
    expected: { 'verification.username': 'A Basic username cannot contain ":" (RFC 7617).' },
  },
  {
    label: 'an API key in Authorization',
    settings: settings({ verification: { scheme: 'API_KEY', header: 'authorization' } }),
    expected: {},
  },
  {
    label: 'an API key in Content-Type',
    settings: settings({ verification: { scheme: 'API_KEY', header: 'Content-Type' } }),
    expected: { 'verification.header': 'Content-Type cannot carry a credential; choose another header.' },
  },

  // idempotency
  {
    label: 'idempotency on a header with a window',
    settings: settings({ idempotency: { key: 'headers.x-github-delivery', windowHours: 24 } }),
    expected: {},
  },
  {
    label: 'idempotency on a body path with the default window',
    settings: settings({ idempotency: { key: 'body.source_request_id' } }),
    expected: {},
  },
  {
    label: 'an idempotency key that is not a place in the request',
    settings: settings({ idempotency: { key: 'delivery', windowHours: 168 } }),
    expected: {
      'idempotency.key':
        '"delivery" is not a place in the request. Use "headers.<name>" or "body.<dot.path>", e.g. headers.webhook-id or body.id.',
    },
  },
  {
    label: 'an idempotency window over 30 days',
    settings: settings({ idempotency: { key: 'body.id', windowHours: 721 } }),
    expected: { 'idempotency.windowHours': 'The window is a whole number of hours from 1 to 720 (30 days).' },
  },
];
