import { describe, expect, it } from 'vitest';
import { backoffSeconds, clientNetwork } from './login-throttle.js';

describe('backoffSeconds', () => {
  const rule = { from: 5, maxSeconds: 60 };
  it.each([
    [1, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [7, 4],
    [10, 32],
    [11, 60],
    [1_000, 60],
  ])('after failure %i: %i s', (failures, seconds) => {
    expect(backoffSeconds(failures, rule)).toBe(seconds);
  });
});

describe('clientNetwork', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-address', 'not-an-address'],
  ])('%s → %s', (address, network) => {
    expect(clientNetwork(address)).toBe(network);
  });
});
