import { describe, expect, it } from 'vitest';
import { EVENT_DEFINITIONS, findEventDefinition } from './event-catalogue.js';
import { pathProblem } from './paths.js';
import { ATTRIBUTE_TYPES } from './types.js';

const REQUIRED_EVENTS = [
  'point_add',
  'point_sub',
  'checkout',
  'checkout_item',
  'checkout_accept',
  'checkout_accept_item',
  'checkout_reject',
  'refund',
  'partial_refund',
  'refund_item',
  'opt_in',
  'opt_out',
  'profile',
];

describe('EVENT_DEFINITIONS', () => {
  it('has every event the product offers, once', () => {
    const names = EVENT_DEFINITIONS.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(REQUIRED_EVENTS));
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(EVENT_DEFINITIONS.map((d) => [d.name, d] as const))('%s is well-formed', (_name, definition) => {
    expect(definition.label).toMatch(/^[A-Z]/);
    expect(definition.description.length).toBeGreaterThan(10);
    expect(definition.attributes[0]).toEqual({
      path: 'customer',
      type: 'STRING',
      required: true,
      description: 'External id of the loyalty member',
    });
    const paths = definition.attributes.map((a) => a.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const attribute of definition.attributes.slice(1)) {
      expect(attribute.path).toMatch(/^data\./);
      expect(pathProblem(attribute.path)).toBeNull();
      expect(ATTRIBUTE_TYPES).toContain(attribute.type);
      expect(attribute.description.length).toBeGreaterThan(3);
    }
  });

  it.each<[string, string, string, boolean]>([
    ['point_add', 'data.points', 'NUMBER', true],
    ['point_add', 'data.reason', 'STRING', false],
    ['point_sub', 'data.points', 'NUMBER', true],
    ['checkout_accept', 'data.transaction_id', 'STRING', true],
    ['checkout_accept', 'data.total', 'NUMBER', false],
    ['checkout_accept_item', 'data.transaction_id', 'STRING', true],
    ['checkout_accept_item', 'data.product_id', 'STRING', false],
    ['checkout_accept_item', 'data.subtotal', 'NUMBER', false],
    ['checkout_accept_item', 'data.quantity', 'NUMBER', false],
    ['checkout_accept_item', 'data.total', 'NUMBER', false],
    ['checkout_accept', 'data.points', 'NUMBER', false],
    ['checkout_accept_item', 'data.points', 'NUMBER', false],
    ['opt_in', 'data.email', 'STRING', false],
    ['opt_in', 'data.labels', 'STRING_LIST', false],
    ['profile', 'data.first_name', 'STRING', false],
    ['refund', 'data.transaction_id', 'STRING', true],
  ])('%s has %s (%s, required %s)', (name, path, type, required) => {
    const attribute = findEventDefinition(name)?.attributes.find((a) => a.path === path);
    expect(attribute).toMatchObject({ type, required });
  });

  it('says that accepted checkouts earn their data.points, and how', () => {
    for (const name of ['checkout_accept', 'checkout_accept_item']) {
      const definition = findEventDefinition(name)!;
      expect(definition.description, name).toMatch(/With data\.points the member's balance grows by/);
      const points = definition.attributes.find((a) => a.path === 'data.points')!;
      expect(points.description).toMatch(/0 or more, at most 4 decimals\. Absent: the balance does not change/);
    }
    expect(findEventDefinition('checkout_accept')!.description).toMatch(
      /repeated transaction id is refused and moves nothing/,
    );
    // Only point events and accepted checkouts move the balance: the others do not list data.points.
    for (const name of ['checkout', 'checkout_item', 'checkout_reject', 'refund', 'partial_refund', 'refund_item']) {
      expect(
        findEventDefinition(name)!.attributes.map((a) => a.path),
        name,
      ).not.toContain('data.points');
    }
  });

  it('uses the labels of the product doc', () => {
    expect(findEventDefinition('point_add')?.label).toBe('Point add');
    expect(findEventDefinition('checkout_accept_item')?.label).toBe('Checkout accept item');
    expect(findEventDefinition('opt_in')?.label).toBe('Opt in');
  });

  it('is frozen, since every request shares it', () => {
    const definition = findEventDefinition('point_add')!;
    expect(Object.isFrozen(EVENT_DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(definition)).toBe(true);
    expect(Object.isFrozen(definition.attributes)).toBe(true);
    expect(Object.isFrozen(definition.attributes[1])).toBe(true);
  });
});

describe('findEventDefinition', () => {
  it.each([
    ['point_add', true],
    ['POINT_ADD', false],
    ['nope', false],
    ['', false],
    ['constructor', false],
    ['__proto__', false],
    ['toString', false],
  ])('%s → found %s', (name, found) => {
    expect(findEventDefinition(name) !== undefined).toBe(found);
  });
});
