import { describe, expect, it } from 'vitest';
import {
  filterHeaderNames,
  isSecretName,
  REDACTED,
  redactBody,
  redactBodyText,
  redactHeaders,
  truncateUtf8,
} from './redaction.js';
import type { FilterGroup, JsonValue } from './types.js';

describe('isSecretName', () => {
  it.each([
    ['token', true],
    ['X-Auth-Token', true],
    ['client_secret', true],
    ['PASSWORD', true],
    ['x-hub-signature-256', true],
    ['api_key', true],
    ['apiKey', true],
    ['X-Monkey', true],
    ['customer_id', false],
    ['email', false],
    // Names that carry credentials without saying token, secret, password, signature or key.
    ['authorization', true],
    ['X-Authorization', true],
    ['x-auth', true],
    ['auth', true],
    ['Authentication', true],
    ['oauth_token', true],
    ['X-Shopify-Hmac-Sha256', true],
    ['x-paypal-transmission-sig', true],
    ['sig', true],
    ['x-credentials', true],
    ['passwd', true],
    ['db_pwd', true],
    // Every signature header of the sender-verification schemes.
    ['x-hub-signature-256', true],
    ['x-hub-signature', true],
    ['x-wc-webhook-signature', true],
    ['webhook-signature', true],
    ['svix-signature', true],
    ['stripe-signature', true],
    ['x-slack-signature', true],
    // Words that only look alike.
    ['author', false],
    ['authored_by', false],
    ['authority', false],
    ['signup', false],
    ['design', false],
    ['webhook-id', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe('redactHeaders', () => {
  const headers = {
    authorization: 'Bearer abc',
    'Proxy-Authorization': 'Basic xyz',
    cookie: 'session=1',
    'set-cookie': ['a=1', 'b=2'],
    'x-api-key': 'k',
    'x-webhook-secret': 's',
    'x-shared': 'filter checks me',
    'X-Env': 'prod',
    'content-type': 'application/json',
    connection: 'keep-alive',
    'x-multi': ['a', 'b'],
    'x-gone': undefined,
    'X-Authorization': 'Bearer 1',
    'x-shopify-hmac-sha256': 'h',
    'stripe-signature': 't=1,v1=s',
  };

  it('replaces credentials, filter-read and secret-named headers, keeps the rest', () => {
    expect(redactHeaders(headers, ['x-shared', 'x-env'])).toEqual({
      authorization: REDACTED,
      'Proxy-Authorization': REDACTED,
      cookie: REDACTED,
      'set-cookie': REDACTED,
      'x-api-key': REDACTED,
      'x-webhook-secret': REDACTED,
      'x-shared': REDACTED,
      'X-Env': REDACTED,
      'content-type': 'application/json',
      connection: 'keep-alive',
      'x-multi': ['a', 'b'],
      'X-Authorization': REDACTED,
      'x-shopify-hmac-sha256': REDACTED,
      'stripe-signature': REDACTED,
    });
  });

  it('does not change its input', () => {
    const copy = structuredClone(headers);
    redactHeaders(headers, []);
    expect(headers).toEqual(copy);
  });
});

describe('redactBody', () => {
  it.each<[JsonValue, JsonValue]>([
    [
      { customer_id: 'c', token: 't' },
      { customer_id: 'c', token: REDACTED },
    ],
    // Under a secret name, objects and lists keep their shape; every value inside is redacted.
    [
      { nested: { apiKey: { deep: 1, list: [true, null] }, ok: 1 } },
      { nested: { apiKey: { deep: REDACTED, list: [REDACTED, null] }, ok: 1 } },
    ],
    [{ auth: { user: 'u', token: 't' } }, { auth: { user: REDACTED, token: REDACTED } }],
    // A string holding JSON of its own, at any depth of such nesting.
    [{ payload: '{"api_key":"s3cret","n":1}' }, { payload: '{"api_key":"[REDACTED]","n":1}' }],
    [
      { outer: JSON.stringify({ inner: JSON.stringify({ password: 'p' }) }) },
      { outer: JSON.stringify({ inner: JSON.stringify({ password: REDACTED }) }) },
    ],
    [{ note: '{"not json but key": 1' }, { note: '{"not json but key": "[REDACTED]"' }],
    [{ note: 'a key, but no JSON' }, { note: 'a key, but no JSON' }],
    [
      [{ password: 'p' }, { list: [{ Signature: 's' }] }],
      [{ password: REDACTED }, { list: [{ Signature: REDACTED }] }],
    ],
    [{ name: 'token' }, { name: 'token' }],
    ['secret', 'secret'],
    [null, null],
  ])('%j', (body, expected) => {
    expect(redactBody(body)).toEqual(expected);
  });

  it('keeps "__proto__" keys as data and pollutes nothing', () => {
    const body = JSON.parse('{"__proto__":{"polluted":1,"secret":"s"}}') as JsonValue;
    const redacted = redactBody(body) as Record<string, JsonValue>;
    expect(Object.hasOwn(redacted, '__proto__')).toBe(true);
    expect(JSON.stringify(redacted)).toBe('{"__proto__":{"polluted":1,"secret":"[REDACTED]"}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('redactBodyText', () => {
  it.each<[string, string]>([
    ['{"customer_ID":"c","pointstobeadded":"5"}', '{"customer_ID":"c","pointstobeadded":"5"}'],
    ['{ "a" : 1 }', '{ "a" : 1 }'], // nothing to redact: kept exactly as received
    ['{"a":1,"token":"t"}', '{"a":1,"token":"[REDACTED]"}'],
    ['{\n  "a": 1,\n  "token": "t"\n}', '{\n  "a": 1,\n  "token": "[REDACTED]"\n}'],
    ['[{"key":1}]', '[{"key":"[REDACTED]"}]'],
    // not JSON: best effort
    [
      '{"customer_ID": "c", "api_key": "abc", "reason": "x",}',
      '{"customer_ID": "c", "api_key": "[REDACTED]", "reason": "x",}',
    ],
    ["{'token': 'abc', 'ok': 1}", "{'token': '[REDACTED]', 'ok': 1}"],
    ['{"password": 12345, "x": 1,}', '{"password": "[REDACTED]", "x": 1,}'],
    ['{"secret": {"a": "}", "b": [1]}, "x": 1,}', '{"secret": "[REDACTED]", "x": 1,}'],
    ['{"secret": "unterminated', '{"secret": "[REDACTED]"'],
    ['{"esc\\"key": "v\\"x", "y": 1,}', '{"esc\\"key": "[REDACTED]", "y": 1,}'],
    ['token=abc&customer=1', 'token="[REDACTED]"&customer=1'],
    ['customer=1&session_token=abc', 'customer=1&session_token="[REDACTED]"'],
    ['{"a": "the key is here", "b": 2,}', '{"a": "the key is here", "b": 2,}'],
    // A line break between the name and the colon, or after it, in text that is not JSON.
    ['{"password"\n: "hunter2", "x": 1,}', '{"password"\n: "[REDACTED]", "x": 1,}'],
    ['password\r\n:\n hunter2\nok: 1', 'password\r\n:\n "[REDACTED]"\nok: 1'],
    ['{"Authorization": "Bearer x",}', '{"Authorization": "[REDACTED]",}'],
    ['auth=abc&customer=1', 'auth="[REDACTED]"&customer=1'],
    // A JSON string holding JSON, inside text that is not JSON.
    ['{"payload": "{\\"api_key\\":\\"s3cret\\"}",}', '{"payload": "{\\"api_key\\":\\"[REDACTED]\\"}",}'],
    // Valid JSON holding JSON in a string: re-serialised.
    ['{"payload":"{\\"token\\":\\"t\\"}"}', '{"payload":"{\\"token\\":\\"[REDACTED]\\"}"}'],
    ['plain text with no pairs', 'plain text with no pairs'],
    ['', ''],
  ])('%s', (raw, text) => {
    expect(redactBodyText(raw, 10_000)).toEqual({ text, truncated: false });
  });

  it('redacts JSON nested past the depth limit as text, without walking it', () => {
    const deep = '{"a":'.repeat(5_000) + '{"token":"t"}' + '}'.repeat(5_000);
    const { text } = redactBodyText(deep, 1_000_000);
    expect(text).toContain('{"token":"[REDACTED]"}');
    expect(text).not.toContain('"t"');
  });

  it('truncates after redacting', () => {
    expect(redactBodyText('{"token":"abcdefghijkl"}', 12)).toEqual({ text: '{"token":"[R', truncated: true });
  });

  it('scans hostile non-JSON text in linear time', () => {
    const hostile = '"key'.repeat(50_000) + '\\"'.repeat(50_000) + '{'.repeat(50_000);
    const started = performance.now();
    redactBodyText(hostile, 1_000_000);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('truncateUtf8', () => {
  it.each<[string, number, string, boolean]>([
    ['abc', 3, 'abc', false],
    ['abcd', 3, 'abc', true],
    ['ééé', 6, 'ééé', false],
    ['ééé', 5, 'éé', true], // é is 2 bytes: never cut inside it
    ['a😀b', 4, 'a', true], // the emoji is 4 bytes
    ['a😀b', 5, 'a😀', true],
    ['€', 2, '', true],
    ['abc', 0, '', true],
  ])('%j to %i bytes', (text, maxBytes, expected, truncated) => {
    expect(truncateUtf8(text, maxBytes)).toEqual({ text: expected, truncated });
    expect(new TextEncoder().encode(truncateUtf8(text, maxBytes).text).length).toBeLessThanOrEqual(maxBytes);
  });
});

describe('filterHeaderNames', () => {
  it.each<[FilterGroup | null, string[]]>([
    [null, []],
    [{ join: 'AND', conditions: [], groups: [] }, []],
    [
      {
        join: 'AND',
        conditions: [
          { attribute: 'headers.X-Shared-Secret', operator: 'EQUALS', value: 's' },
          { attribute: 'body.token', operator: 'EXISTS' },
        ],
        groups: [
          {
            join: 'OR',
            conditions: [
              { attribute: 'headers.x-shared-secret', operator: 'EXISTS' },
              { attribute: 'headers.Origin', operator: 'EXISTS' },
            ],
            groups: [],
          },
        ],
      },
      ['x-shared-secret', 'origin'],
    ],
  ])('%#', (filter, names) => {
    expect(filterHeaderNames(filter)).toEqual(names);
  });
});
