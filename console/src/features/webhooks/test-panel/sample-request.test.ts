import { describe, expect, it } from 'vitest';
import { buildSampleRequest, setPath } from './sample-request';

describe('buildSampleRequest', () => {
  it('satisfies AND conditions on headers and body and fills every mapped attribute', () => {
    const sample = buildSampleRequest(
      {
        join: 'AND',
        conditions: [
          { attribute: 'headers.X-Token', operator: 'EQUALS', value: 'abc' },
          { attribute: 'body.total', operator: 'GREATER_THAN', value: 10 },
          { attribute: 'body.tier', operator: 'IN', value: ['gold', 'silver'] },
        ],
        groups: [
          {
            join: 'OR',
            conditions: [
              { attribute: 'body.kind', operator: 'EQUALS', value: 'buy' },
              { attribute: 'body.other', operator: 'EXISTS' },
            ],
          },
        ],
      },
      [
        { from: 'customer_id', to: 'customer' },
        { from: 'items.0.sku', to: 'data.sku' },
      ],
    );
    expect(sample).toEqual({
      headers: { 'content-type': 'application/json', 'x-token': 'abc' },
      body: {
        total: 11,
        tier: 'gold',
        kind: 'buy',
        customer_id: 'customer-1',
        items: [{ sku: 'example items.0.sku' }],
      },
    });
  });

  it('keeps a value the filter already set when a mapping reads the same path', () => {
    const body: Record<string, unknown> = {};
    setPath(body, 'a.b', 1);
    setPath(body, 'a.b', 2);
    expect(body).toEqual({ a: { b: 1 } });
  });
});
