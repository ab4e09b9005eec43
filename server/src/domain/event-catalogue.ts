import type { AttributeType, EventAttribute, EventDefinition } from './types.js';

/**
 * The loyalty events a webhook can register, with the attributes each carries. `customer` comes first in every
 * event; the rest live under `data`. Attributes a definition does not list pass through unchanged.
 */

function attribute(path: string, type: AttributeType, required: boolean, description: string): EventAttribute {
  return { path, type, required, description };
}

const required = (path: string, type: AttributeType, description: string) => attribute(path, type, true, description);
const optional = (path: string, type: AttributeType, description: string) => attribute(path, type, false, description);

const CUSTOMER = required('customer', 'STRING', 'External id of the loyalty member');
const TRANSACTION_ID = required('data.transaction_id', 'STRING', 'Id of the transaction in the shop');

function event(name: string, label: string, description: string, attributes: EventAttribute[]): EventDefinition {
  return { name, label, description, attributes: [CUSTOMER, ...attributes] };
}

const POINT_ATTRIBUTES = (verb: string) => [
  required('data.points', 'NUMBER', `Number of points to ${verb}; greater than 0`),
  optional(
    'data.reason',
    'STRING',
    `Why the points are ${verb === 'add' ? 'added' : 'subtracted'}, shown to the member`,
  ),
];

/** What an accepted checkout (or item) earns; the event rules add it to the balance, like point_add. */
const EARNED_POINTS = optional(
  'data.points',
  'NUMBER',
  'Points the purchase earns, added to the balance with the event; 0 or more, at most 4 decimals. Absent: the balance does not change',
);

const ITEM_ATTRIBUTES = [
  TRANSACTION_ID,
  optional('data.product_id', 'STRING', 'Id (SKU) of the product'),
  optional('data.product_name', 'STRING', 'Name of the product'),
  optional('data.product_url', 'STRING', 'Link to the product page'),
  optional('data.quantity', 'NUMBER', 'Number of units bought'),
  optional('data.subtotal', 'NUMBER', 'Price of the units before discounts'),
  optional('data.discount', 'NUMBER', 'Discount given on the units'),
  optional('data.total', 'NUMBER', 'Price paid for the units'),
];

const PROFILE_ATTRIBUTES = [
  optional('data.email', 'STRING', 'Email address of the member'),
  optional('data.first_name', 'STRING', 'First name of the member'),
  optional('data.last_name', 'STRING', 'Last name of the member'),
];

const DEFINITIONS: EventDefinition[] = [
  event('point_add', 'Point add', "Adds points to the member's balance.", POINT_ATTRIBUTES('add')),
  event(
    'point_sub',
    'Point sub',
    "Subtracts points from the member's balance; the balance never goes below zero.",
    POINT_ATTRIBUTES('subtract'),
  ),
  event(
    'checkout',
    'Checkout',
    'A purchase the member made, not yet accepted (it may still be accepted or rejected).',
    [
      TRANSACTION_ID,
      optional('data.total', 'NUMBER', 'Amount paid for the whole transaction'),
      optional('data.discount', 'NUMBER', 'Discount given on the whole transaction'),
      optional('data.currency', 'STRING', 'ISO 4217 currency code, e.g. EUR'),
      optional('data.channel', 'STRING', 'Where the purchase happened, e.g. web or store'),
      optional('data.coupon', 'STRING', 'Coupon code used'),
    ],
  ),
  event('checkout_item', 'Checkout item', 'One line item of a checkout.', ITEM_ATTRIBUTES),
  event(
    'checkout_accept',
    'Checkout accept',
    "Accepts a purchase: it is final and counts for the member. A transaction id is accepted once per member. With data.points the member's balance grows by that many points together with the event; a repeated transaction id is refused and moves nothing.",
    [
      TRANSACTION_ID,
      optional('data.total', 'NUMBER', 'Amount paid for the whole transaction'),
      optional('data.discount', 'NUMBER', 'Discount given on the whole transaction'),
      optional('data.currency', 'STRING', 'ISO 4217 currency code, e.g. EUR'),
      optional('data.channel', 'STRING', 'Where the purchase happened, e.g. web or store'),
      EARNED_POINTS,
    ],
  ),
  event(
    'checkout_accept_item',
    'Checkout accept item',
    "One line item of an accepted purchase. With data.points the member's balance grows by them together with the event. Items share their transaction's id, so a repeated item is not refused: give the webhook a delivery id to credit a resent one once.",
    [...ITEM_ATTRIBUTES, EARNED_POINTS],
  ),
  event('checkout_reject', 'Checkout reject', 'Rejects a purchase registered earlier with a checkout.', [
    TRANSACTION_ID,
    optional('data.reason', 'STRING', 'Why the purchase was rejected'),
  ]),
  event('refund', 'Refund', 'Refunds a whole transaction.', [
    TRANSACTION_ID,
    optional('data.total', 'NUMBER', 'Amount refunded'),
    optional('data.reason', 'STRING', 'Why the transaction was refunded'),
  ]),
  event('partial_refund', 'Partial refund', 'Refunds part of a transaction.', [
    TRANSACTION_ID,
    required('data.total', 'NUMBER', 'Amount refunded'),
    optional('data.reason', 'STRING', 'Why the amount was refunded'),
  ]),
  event('refund_item', 'Refund item', 'Refunds one line item of a transaction.', [
    TRANSACTION_ID,
    required('data.product_id', 'STRING', 'Id (SKU) of the refunded product'),
    optional('data.quantity', 'NUMBER', 'Number of units refunded'),
    optional('data.subtotal', 'NUMBER', 'Amount refunded for the units'),
  ]),
  event(
    'opt_in',
    'Opt in',
    'Enrols the customer in the loyalty program, or updates the member when already enrolled; labels are added.',
    [...PROFILE_ATTRIBUTES, optional('data.labels', 'STRING_LIST', 'Labels added to the member')],
  ),
  event('opt_out', 'Opt out', 'Marks the member as opted out of the loyalty program.', [
    optional('data.reason', 'STRING', 'Why the member opted out'),
  ]),
  event('profile', 'Profile', "Updates an enrolled member's profile.", [
    ...PROFILE_ATTRIBUTES,
    optional('data.birth_date', 'STRING', 'Date of birth, YYYY-MM-DD'),
    optional('data.phone', 'STRING', 'Phone number, international format'),
    optional('data.gender', 'STRING', 'Gender as the member stated it'),
  ]),
];

function deepFreeze(definition: EventDefinition): EventDefinition {
  for (const attr of definition.attributes) Object.freeze(attr);
  Object.freeze(definition.attributes);
  return Object.freeze(definition);
}

/** Every event a webhook can register, in the order the console lists them. Frozen: shared by every request. */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = Object.freeze(DEFINITIONS.map(deepFreeze));

const BY_NAME: ReadonlyMap<string, EventDefinition> = new Map(EVENT_DEFINITIONS.map((d) => [d.name, d]));

/** The definition of an event by its name (e.g. "point_add"), or undefined when there is none. */
export function findEventDefinition(name: string): EventDefinition | undefined {
  return BY_NAME.get(name);
}
