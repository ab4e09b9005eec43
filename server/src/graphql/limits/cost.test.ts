import { buildSchema, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DATABASE_READ, operationCost, PAGE_SIZE } from './cost.js';

const schema = buildSchema(`
  type Query { webhooks(first: Int): WebhookConnection! webhook(id: ID!): Webhook me: Viewer! testWebhook(id: ID!): Result! }
  type Viewer { role: String! }
  type Result { statusCode: Int! }
  type WebhookConnection { nodes: [Webhook!]! }
  type Webhook { id: ID! name: String! logs(first: Int): LogConnection! lastRequest: RequestLog }
  type LogConnection { nodes: [RequestLog!]! }
  type RequestLog { id: ID! requestBody: String webhook: Webhook }
`);

function cost(source: string, variables?: Record<string, unknown>) {
  const document = parse(source);
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  return operationCost({ schema, document, operation, variables });
}

const R = DATABASE_READ;
/** A page of `items`, each a `nodes` entry (1) with fields worth `fields`. */
const page = (items: number, fields: number) => items * (1 + fields);

describe('operationCost', () => {
  it.each([
    ['a root field and a leaf', '{ me { role } }', R + 1],
    ['__typename and introspection are free', '{ __typename me { role __typename } }', R + 1],
    ['a literal page size multiplies the selection', '{ webhooks(first: 3) { nodes { id name } } }', R + page(3, 2)],
    ['no page size: the default', '{ webhooks { nodes { id } } }', R + page(PAGE_SIZE.default, 1)],
    ['null: the default', '{ webhooks(first: null) { nodes { id } } }', R + page(PAGE_SIZE.default, 1)],
    [
      'above the maximum: priced at the maximum',
      '{ webhooks(first: 5000) { nodes { id } } }',
      R + page(PAGE_SIZE.max, 1),
    ],
    ['a link is a read', '{ webhook(id: "1") { lastRequest { id } } }', R + R + 1],
    [
      'a body weighs its size',
      '{ webhook(id: "1") { logs(first: 2) { nodes { requestBody } } } }',
      R + R + page(2, 64),
    ],
    ['the dry run is heavy', '{ testWebhook(id: "1") { statusCode } }', 4_000 + 1],
    [
      'nested pages multiply',
      '{ webhooks(first: 2) { nodes { logs(first: 3) { nodes { id } } } } }',
      R + page(2, R + page(3, 1)),
    ],
    [
      'fragments count like their fields, each time they are spread',
      '{ a: webhook(id: "1") { ...F } b: webhook(id: "2") { ...F } } fragment F on Webhook { id name }',
      2 * (R + 2),
    ],
    ['inline fragments count like their fields', '{ me { ... on Viewer { role } } }', R + 1],
  ])('%s', (_case, source, expected) => {
    expect(cost(source)).toBe(expected);
  });

  it.each([
    ['the variable', { n: 7 }, R + page(7, 1)],
    ['the default page size when the variable is absent and has no default', {}, R + page(PAGE_SIZE.default, 1)],
    ['the default page size when the variable is null', { n: null }, R + page(PAGE_SIZE.default, 1)],
    ['the maximum when the variable is above it', { n: 1e9 }, R + page(PAGE_SIZE.max, 1)],
    ['the default page size when the variable is not a number', { n: 'many' }, R + page(PAGE_SIZE.default, 1)],
  ])('a page size from a variable is priced at %s', (_case, variables, expected) => {
    expect(cost('query ($n: Int) { webhooks(first: $n) { nodes { id } } }', variables)).toBe(expected);
  });

  it("a variable's default is priced when the variable is not sent", () => {
    const source = 'query ($n: Int = 50) { webhooks(first: $n) { nodes { id } } }';
    expect(cost(source)).toBe(R + page(50, 1));
    expect(cost(source, { n: 2 })).toBe(R + page(2, 1));
  });
});
