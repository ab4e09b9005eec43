import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('hardening configuration', () => {
  it('trusts no proxy and caps GraphQL answers at 10 MiB by default', () => {
    expect(loadConfig({})).toMatchObject({ trustProxy: false, graphqlMaxAnswerBytes: 10 * 1024 * 1024 });
  });

  it.each([
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8,127.0.0.1'],
    ['2', 2],
    ['true', true],
    ['false', false],
  ])('TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it.each([
    ['TRUST_PROXY', 'proxy.internal', /TRUST_PROXY: must be true, false, a number of proxy hops/],
    ['GRAPHQL_MAX_ANSWER_BYTES', '1000', /GRAPHQL_MAX_ANSWER_BYTES: must be a whole number of bytes/],
  ])('a wrong %s stops the start, naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
