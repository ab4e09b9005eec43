import { describe, expect, it } from 'vitest';
import { redactUrl } from './log-redaction.js';

describe('redactUrl', () => {
  it.each([
    ['a path alone', '/graphql', '/graphql'],
    ['an access token', '/x?access_token=abc', '/x?access_token=[REDACTED]'],
    [
      'a GraphQL GET: query and variables redacted, the operation name kept',
      '/graphql?query=%7Bme%7D&operationName=Me&variables=%7B%22p%22%3A1%7D',
      '/graphql?query=[REDACTED]&operationName=Me&variables=[REDACTED]',
    ],
    ['a parameter without a value', '/x?flag&key=v', '/x?flag=[REDACTED]&key=[REDACTED]'],
    ['an empty query', '/x?', '/x?'],
    ['an encoded parameter name', '/x?operation%4Eame=Me&t=1', '/x?operation%4Eame=Me&t=[REDACTED]'],
    ['a malformed escape', '/x?%E0%A4%A=1', '/x?%E0%A4%A=[REDACTED]'],
  ])('%s', (_case, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
