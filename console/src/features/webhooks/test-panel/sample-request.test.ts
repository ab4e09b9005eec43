import { describe, expect, it } from 'vitest';
import type { JsonObject } from '@intake/rules';
import { buildSampleRequest, SAMPLE_DELIVERY_ID, writeSampleValue } from './sample-request';

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
    const body: JsonObject = {};
    writeSampleValue(body, 'a.b', 1);
    writeSampleValue(body, 'a.b', 2);
    expect(body).toEqual({ a: { b: 1 } });
  });

  it('leaves out paths the server would refuse instead of writing through the prototype', () => {
    const sample = buildSampleRequest(
      { join: 'AND', conditions: [{ attribute: 'body.__proto__.polluted', operator: 'EQUALS', value: 'yes' }] },
      [
        { from: 'constructor.prototype.polluted', to: 'data.x' },
        { from: 'a..b', to: 'data.y' },
      ],
    );
    expect(sample.body).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('buildSampleRequest with idempotency', () => {
  it.each([
    ['headers.X-GitHub-Delivery', { 'content-type': 'application/json', 'x-github-delivery': SAMPLE_DELIVERY_ID }, {}],
    ['body.source_request_id', { 'content-type': 'application/json' }, { source_request_id: SAMPLE_DELIVERY_ID }],
    ['body.meta.id', { 'content-type': 'application/json' }, { meta: { id: SAMPLE_DELIVERY_ID } }],
    [null, { 'content-type': 'application/json' }, {}],
  ])('carries a delivery id at %s', (key, headers, body) => {
    expect(buildSampleRequest(null, [], key)).toEqual({ headers, body });
  });

  it('keeps a value the filter asks for at the same place', () => {
    const filter = {
      join: 'AND' as const,
      conditions: [{ attribute: 'headers.x-delivery', operator: 'EQUALS' as const, value: 'd-1' }],
    };
    expect(buildSampleRequest(filter, [], 'headers.x-delivery').headers['x-delivery']).toBe('d-1');
  });
});
