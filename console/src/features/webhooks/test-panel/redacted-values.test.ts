import { describe, expect, it } from 'vitest';
import { fillRedacted, missingValues, redactedValuesOf } from './redacted-values';

const HEADERS = { 'content-type': 'application/json', authorization: '[REDACTED]', 'x-shop': 'a' };
const BODY = JSON.stringify({ user: { api_token: '[REDACTED]', id: 'm-1' }, items: [{ secret: '[REDACTED]' }] });

describe('redacted values of a logged request', () => {
  it('lists every marker in the headers and in a JSON body, by where it is', () => {
    expect(redactedValuesOf(JSON.stringify(HEADERS), BODY)).toEqual([
      { id: 'header:authorization', label: 'header authorization', kind: 'header' },
      { id: 'body:user.api_token', label: 'body.user.api_token', kind: 'body' },
      { id: 'body:items.0.secret', label: 'body.items.0.secret', kind: 'body' },
    ]);
  });

  it('fills them in, so that the marker is never sent', () => {
    const filled = fillRedacted(
      HEADERS,
      BODY,
      { 'header:authorization': 'Bearer k', 'body:user.api_token': 't-1', 'body:items.0.secret': 's' },
      false,
    );
    expect(filled.headers).toEqual({ 'content-type': 'application/json', authorization: 'Bearer k', 'x-shop': 'a' });
    expect(JSON.parse(filled.body)).toEqual({ user: { api_token: 't-1', id: 'm-1' }, items: [{ secret: 's' }] });
    expect(filled.body).not.toContain('[REDACTED]');
  });

  it('says which are still missing; a header may stay empty when the server signs the request', () => {
    const redacted = redactedValuesOf(JSON.stringify(HEADERS), BODY);
    expect(missingValues(redacted, { 'body:user.api_token': 't' }, false).map((value) => value.id)).toEqual([
      'header:authorization',
      'body:items.0.secret',
    ]);
    expect(missingValues(redacted, { 'body:user.api_token': 't', 'body:items.0.secret': 's' }, true)).toEqual([]);
    expect(fillRedacted(HEADERS, '{}', {}, true).headers).toEqual({
      'content-type': 'application/json',
      'x-shop': 'a',
    });
  });

  it('numbers the markers of a body that is not JSON and URL-encodes a form’s values', () => {
    const form = 'customer=m-1&token=[REDACTED]&pin=[REDACTED]';
    expect(redactedValuesOf('{}', form).map((value) => value.label)).toEqual([
      'body (1st redacted value)',
      'body (2nd redacted value)',
    ]);
    expect(fillRedacted({}, form, { 'body#0': 'a b&c', 'body#1': '42' }, false).body).toBe(
      'customer=m-1&token=a%20b%26c&pin=42',
    );
  });
});
