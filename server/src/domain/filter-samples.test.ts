import { buildSampleRequest } from '@intake/rules';
import { describe, expect, it } from 'vitest';
import { convertEvent } from './conversion.js';
import { findEventDefinition } from './event-catalogue.js';
import { filterPasses } from './filter.js';
import { applyMapping } from './mapping.js';
import type { FilterCondition, FilterGroup } from './types.js';

/**
 * The Test panel's built sample (the shared builder in @intake/rules) against the real filter evaluation and
 * conversion: filters nested in every way the editor allows pass, and the mapped event converts.
 */

const and = (conditions: FilterCondition[], groups: FilterGroup[] = []): FilterGroup => ({
  join: 'AND',
  conditions,
  groups,
});
const or = (conditions: FilterCondition[], groups: FilterGroup[] = []): FilterGroup => ({
  join: 'OR',
  conditions,
  groups,
});

const FILTERS: [string, FilterGroup][] = [
  [
    'numeric ranges on one path',
    and([
      { attribute: 'body.total', operator: 'GREATER_THAN', value: 10 },
      { attribute: 'body.total', operator: 'LESS_THAN_OR_EQUAL', value: 20 },
    ]),
  ],
  ['a decimal bound', and([{ attribute: 'body.total', operator: 'GREATER_THAN', value: '2.5' }])],
  [
    'IN, STARTS_WITH, ENDS_WITH, CONTAINS',
    and([
      { attribute: 'body.tier', operator: 'IN', value: ['gold', 'silver'] },
      { attribute: 'body.order', operator: 'STARTS_WITH', value: 'A-' },
      { attribute: 'body.mail', operator: 'ENDS_WITH', value: '@shop.example' },
      { attribute: 'body.tags', operator: 'CONTAINS', value: 'vip' },
    ]),
  ],
  [
    'headers, case-insensitive names',
    and([
      { attribute: 'headers.X-Token', operator: 'EQUALS', value: 's3cret' },
      { attribute: 'headers.x-kind', operator: 'IN', value: ['a', 'b'] },
    ]),
  ],
  [
    'an OR whose first branch cannot hold after the AND chose',
    and(
      [{ attribute: 'body.kind', operator: 'EQUALS', value: 'refund' }],
      [
        or([
          { attribute: 'body.kind', operator: 'EQUALS', value: 'purchase' },
          { attribute: 'body.total', operator: 'GREATER_THAN_OR_EQUAL', value: 5 },
        ]),
      ],
    ),
  ],
  [
    'OR of AND groups, three levels deep',
    or(
      [],
      [
        and([
          { attribute: 'body.a', operator: 'EXISTS' },
          { attribute: 'body.a', operator: 'NOT_EXISTS' },
        ]),
        and(
          [{ attribute: 'body.b.c', operator: 'IS_NOT_EMPTY' }],
          [
            or(
              [{ attribute: 'body.b.d', operator: 'LESS_THAN', value: 0 }],
              [and([{ attribute: 'body.b.e', operator: 'MATCHES', value: '^order-' }])],
            ),
          ],
        ),
      ],
    ),
  ],
  [
    'negative operators only',
    and([
      { attribute: 'body.status', operator: 'NOT_EQUALS', value: 'cancelled' },
      { attribute: 'body.test', operator: 'NOT_EXISTS' },
      { attribute: 'body.country', operator: 'NOT_IN', value: ['XX'] },
      { attribute: 'body.note', operator: 'IS_EMPTY' },
    ]),
  ],
  [
    'a negative condition on a mapped path',
    and([
      { attribute: 'body.points', operator: 'NOT_EQUALS', value: 1 },
      { attribute: 'body.reason', operator: 'NOT_CONTAINS', value: 'Example' },
    ]),
  ],
  [
    'an OR of negatives only',
    or([
      { attribute: 'body.points', operator: 'NOT_IN', value: [1, 2] },
      { attribute: 'body.customer', operator: 'IS_EMPTY' },
    ]),
  ],
  [
    'empty groups beside real ones',
    and([], [or([]), and([{ attribute: 'body.flag', operator: 'EQUALS', value: true }])]),
  ],
];

const MAPPING = [
  { from: 'customer', to: 'customer', replace: [] },
  { from: 'points', to: 'data.points', replace: [] },
  { from: 'reason', to: 'data.reason', replace: [] },
];

describe('built samples pass the real filter and conversion', () => {
  const definition = findEventDefinition('point_add')!;

  it.each(FILTERS)('%s', (_name, filter) => {
    const sample = buildSampleRequest(
      { filter, mapping: MAPPING, attributes: definition.attributes },
      { customer: 'm-1' },
    );
    const context = JSON.stringify(sample);
    expect(filterPasses(filter, { headers: sample.headers, body: sample.body }), context).toBe(true);
    const mapped = applyMapping(MAPPING, sample.body);
    const converted = convertEvent(definition, mapped);
    expect(converted.issues, context).toEqual([]);
    expect(converted.event?.customer).toBe('m-1');
  });
});
