import { describe, expect, it } from 'vitest';
import { diffWebhook } from './webhook-history.js';

describe('diffWebhook', () => {
  it('the same settings with object keys in another order (as jsonb returns them) are no change', () => {
    expect(
      diffWebhook(
        { verification: { toleranceSeconds: 300, scheme: 'HMAC', header: 'x-sig' } as never },
        { verification: { scheme: 'HMAC', header: 'x-sig', toleranceSeconds: 300 } },
      ),
    ).toEqual([]);
  });

  it('reports verification and idempotency changes with before and after', () => {
    expect(
      diffWebhook(
        { verification: { scheme: 'NONE' }, idempotency: null },
        { verification: { scheme: 'GITHUB' }, idempotency: { key: 'body.id', windowHours: 1 } },
      ),
    ).toEqual([
      { field: 'verification', before: { scheme: 'NONE' }, after: { scheme: 'GITHUB' } },
      { field: 'idempotency', before: null, after: { key: 'body.id', windowHours: 1 } },
    ]);
  });

  it('an order change inside a list is a change', () => {
    const row = (from: string) => ({ from, to: `data.${from}`, replace: [] });
    expect(diffWebhook({ mapping: [row('a'), row('b')] }, { mapping: [row('b'), row('a')] })).toHaveLength(1);
  });
});
