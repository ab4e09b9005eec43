import { describe, expect, it } from 'vitest';
import { buildSampleRequest, SAMPLE_DELIVERY_ID, sampleValueFor, type SampleAttribute } from './sample.js';

const POINT_ADD: SampleAttribute[] = [
  { path: 'customer', type: 'STRING', description: 'External id of the loyalty member' },
  { path: 'data.points', type: 'NUMBER', description: 'Number of points to add; greater than 0' },
  { path: 'data.reason', type: 'STRING', description: 'Why the points are added' },
];

const options = { customer: 'member-7' };

describe('sampleValueFor', () => {
  it.each([
    ['customer', [], 'member-7'],
    ['data.points', [{ path: 'data.points', type: 'NUMBER' }], 1],
    ['data.vip', [{ path: 'data.vip', type: 'BOOLEAN' }], true],
    ['data.labels', [{ path: 'data.labels', type: 'STRING_LIST' }], ['example']],
    ['data.extra', [{ path: 'data.extra', type: 'OBJECT' }], {}],
    ['data.email', [{ path: 'data.email', type: 'STRING' }], 'member@example.com'],
    [
      'data.birth_date',
      [{ path: 'data.birth_date', type: 'STRING', description: 'Date of birth, YYYY-MM-DD' }],
      '1990-01-31',
    ],
    ['data.phone', [{ path: 'data.phone', type: 'STRING' }], '+15555550123'],
    [
      'data.currency',
      [{ path: 'data.currency', type: 'STRING', description: 'ISO 4217 currency code, e.g. EUR' }],
      'EUR',
    ],
    ['data.channel', [{ path: 'data.channel', type: 'STRING', description: 'e.g. web or store' }], 'web'],
    ['data.transaction_id', [{ path: 'data.transaction_id', type: 'STRING' }], 'sample-transaction-1'],
    ['data.first_name', [{ path: 'data.first_name', type: 'STRING' }], 'Example first name'],
    ['data.not_defined', [], 'Example not defined'],
  ] as const)('%s → %j', (to, attributes, value) => {
    expect(sampleValueFor(to, attributes, options)).toEqual(value);
  });

  it('makes the transaction id unique when asked', () => {
    expect(sampleValueFor('data.transaction_id', [], { ...options, unique: 'k3x' })).toBe('sample-transaction-k3x');
  });
});

describe('buildSampleRequest', () => {
  it('types mapped values from the event definition and puts the member at the customer', () => {
    const sample = buildSampleRequest(
      {
        filter: { join: 'AND', conditions: [{ attribute: 'body.pointadd', operator: 'EXISTS' }] },
        mapping: [
          { from: 'clientID', to: 'customer' },
          { from: 'reason', to: 'data.reason' },
          { from: 'pointstobeadded', to: 'data.points' },
        ],
        attributes: POINT_ADD,
      },
      options,
    );
    expect(sample).toEqual({
      headers: { 'content-type': 'application/json' },
      body: { pointadd: 'example', clientID: 'member-7', reason: 'Example reason', pointstobeadded: 1 },
    });
  });

  it('gives a filtered path the mapped value when that satisfies the condition', () => {
    const sample = buildSampleRequest(
      {
        filter: {
          join: 'AND',
          conditions: [
            { attribute: 'body.optin_labels', operator: 'EXISTS' },
            { attribute: 'body.amount', operator: 'GREATER_THAN', value: 0 },
          ],
        },
        mapping: [
          { from: 'optin_labels', to: 'data.email' },
          { from: 'amount', to: 'data.points' },
        ],
        attributes: [...POINT_ADD, { path: 'data.email', type: 'STRING' }],
      },
      options,
    );
    expect(sample.body).toEqual({ optin_labels: 'member@example.com', amount: 1 });
  });

  it('satisfies nested groups: AND all, OR the first satisfiable branch, negative operators last', () => {
    const sample = buildSampleRequest(
      {
        filter: {
          join: 'AND',
          conditions: [
            { attribute: 'headers.X-Token', operator: 'EQUALS', value: 'abc' },
            { attribute: 'body.total', operator: 'GREATER_THAN', value: 10 },
          ],
          groups: [
            {
              join: 'OR',
              conditions: [
                { attribute: 'body.status', operator: 'NOT_EQUALS', value: 'cancelled' },
                { attribute: 'body.kind', operator: 'IN', value: ['buy', 'sell'] },
              ],
            },
            {
              join: 'OR',
              conditions: [],
              groups: [
                {
                  join: 'AND',
                  conditions: [
                    { attribute: 'body.total', operator: 'LESS_THAN', value: 5 },
                    { attribute: 'body.never', operator: 'EXISTS' },
                  ],
                },
                {
                  join: 'AND',
                  conditions: [
                    { attribute: 'body.meta.source', operator: 'STARTS_WITH', value: 'shop' },
                    { attribute: 'body.meta.test', operator: 'NOT_EXISTS' },
                  ],
                },
              ],
            },
          ],
        },
        mapping: [],
      },
      options,
    );
    expect(sample).toEqual({
      headers: { 'content-type': 'application/json', 'x-token': 'abc' },
      body: { total: 11, kind: 'buy', meta: { source: 'shopexample' } },
    });
  });

  it('keeps a negative condition satisfied by another value or by leaving the path out', () => {
    const sample = buildSampleRequest(
      {
        filter: {
          join: 'AND',
          conditions: [
            { attribute: 'body.points', operator: 'NOT_EQUALS', value: 1 },
            { attribute: 'body.test', operator: 'NOT_EXISTS' },
          ],
        },
        mapping: [
          { from: 'points', to: 'data.points' },
          { from: 'test', to: 'data.reason' },
        ],
        attributes: POINT_ADD,
      },
      options,
    );
    expect(sample.body).toEqual({ points: 2 });
  });

  it('reads a split request’s first item and follows expressions that only read a path', () => {
    const sample = buildSampleRequest(
      {
        filter: {
          join: 'AND',
          conditions: [{ attribute: 'body.events.0.event_type', operator: 'EQUALS', value: 'custom_event' }],
        },
        mapping: [
          { from: 'event_type', to: 'customer', expression: '$parent.user_identities[0].identity' },
          { from: 'data.points', to: 'data.points' },
          { from: 'data.total', to: 'data.total', expression: '$number($) * 10' },
        ],
        attributes: [...POINT_ADD, { path: 'data.total', type: 'NUMBER' }],
        splitOn: 'body.events',
      },
      options,
    );
    expect(sample.body).toEqual({
      events: [{ event_type: 'custom_event', data: { points: 1, total: 1 } }],
      user_identities: [{ identity: 'member-7' }],
    });
  });

  it('gives a split request its list even when no row reads an item', () => {
    expect(buildSampleRequest({ mapping: [], splitOn: 'body.items' }, options).body).toEqual({ items: [{}] });
  });

  it('leaves out paths the server would refuse instead of writing through the prototype', () => {
    const sample = buildSampleRequest(
      {
        filter: {
          join: 'AND',
          conditions: [{ attribute: 'body.__proto__.polluted', operator: 'EQUALS', value: 'yes' }],
        },
        mapping: [
          { from: 'constructor.prototype.polluted', to: 'data.x' },
          { from: 'a..b', to: 'data.y' },
        ],
      },
      options,
    );
    expect(sample.body).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['headers.X-GitHub-Delivery', { 'content-type': 'application/json', 'x-github-delivery': SAMPLE_DELIVERY_ID }, {}],
    ['body.source_request_id', { 'content-type': 'application/json' }, { source_request_id: SAMPLE_DELIVERY_ID }],
    ['body.meta.id', { 'content-type': 'application/json' }, { meta: { id: SAMPLE_DELIVERY_ID } }],
    [null, { 'content-type': 'application/json' }, {}],
  ])('carries a delivery id at %s', (idempotencyKey, headers, body) => {
    expect(buildSampleRequest({ mapping: [], idempotencyKey }, options)).toEqual({ headers, body });
  });

  it('keeps a delivery id the filter asks for, and makes its own unique when asked', () => {
    const filter = { join: 'AND', conditions: [{ attribute: 'headers.x-delivery', operator: 'EQUALS', value: 'd-1' }] };
    expect(buildSampleRequest({ filter, mapping: [], idempotencyKey: 'headers.x-delivery' }, options).headers).toEqual({
      'content-type': 'application/json',
      'x-delivery': 'd-1',
    });
    expect(buildSampleRequest({ mapping: [], idempotencyKey: 'body.id' }, { ...options, unique: 'k3x' }).body).toEqual({
      id: 'sample-delivery-k3x',
    });
  });
});
