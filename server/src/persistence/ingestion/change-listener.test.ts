import { describe, expect, it } from 'vitest';
import { parseRequestsLogged } from './change-listener.js';

const W1 = '0b6a3c1e-0000-4000-8000-000000000001';
const W2 = '0b6a3c1e-0000-4000-8000-000000000002';
const L1 = '1c7b4d2f-0000-4000-8000-000000000001';

describe('parseRequestsLogged (the request_logs trigger payload)', () => {
  it('reads the range and the ids by webhook; the upper bound covers its microseconds', () => {
    const parsed = parseRequestsLogged(
      JSON.stringify({
        f: '2026-12-01T05:41:22.734439+00:00',
        t: '2026-12-01T05:41:22.738635+00:00',
        w: { [W1]: [L1], [W2]: null },
      }),
    );
    expect(parsed).toEqual({
      from: new Date('2026-12-01T05:41:22.734Z'),
      to: new Date('2026-12-01T05:41:22.739Z'),
      webhooks: new Map<string, string[] | null>([
        [W1, [L1]],
        [W2, null],
      ]),
    });
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '"x"'],
    ['no range', JSON.stringify({ w: {} })],
    ['a range that is no time', JSON.stringify({ f: 'yesterday', t: 'today', w: {} })],
    ['no webhooks', JSON.stringify({ f: '2026-12-01T00:00:00Z', t: '2026-12-01T00:00:00Z' })],
  ])('refuses %s', (_, payload) => {
    expect(parseRequestsLogged(payload)).toBeNull();
  });

  it('keeps only text ids', () => {
    const parsed = parseRequestsLogged(
      JSON.stringify({ f: '2026-12-01T00:00:00Z', t: '2026-12-01T00:00:00Z', w: { [W1]: [L1, 7, null] } }),
    );
    expect(parsed?.webhooks.get(W1)).toEqual([L1]);
  });
});
