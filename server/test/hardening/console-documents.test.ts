import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, specifiedRules, validate, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { operationCost, PAGE_SIZE } from '../../src/graphql/limits/cost.js';
import { documentLimitRules, GRAPHQL_LIMITS } from '../../src/graphql/limits/document-rules.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../src/persistence/pagination.js';

/**
 * The console must keep working under the API's limits: every operation it sends (the typed documents generated
 * from its sources) passes the same rules as the server applies, and its cost stays under the limit even with
 * every page at the largest size a user can ask for.
 */

/** The generated documents, read as data: each `export const XDocument = {…} as unknown as DocumentNode<…>`. */
function consoleOperations(): [string, DocumentNode][] {
  const source = readFileSync(path.join(REPO_ROOT, 'console/src/gql/graphql.ts'), 'utf8');
  return [...source.matchAll(/^export const (\w+Document) = (\{.*\}) as unknown as /gm)].map(([, name, json]) => [
    name!,
    JSON.parse(json!) as DocumentNode,
  ]);
}

const operations = consoleOperations();

describe("the console's operations under the API's limits", () => {
  it('finds the generated documents', () => {
    expect(operations.length).toBeGreaterThan(10);
  });

  it('the cost rule prices pages with the sizes the repositories use', () => {
    expect(PAGE_SIZE).toEqual({ default: DEFAULT_PAGE_SIZE, max: MAX_PAGE_SIZE });
  });

  it.each(operations)('%s passes depth, aliases, directives, root fields and tokens', async (_name, document) => {
    const schema = await buildGraphQLSchema();
    expect(validate(schema, document, [...specifiedRules, ...documentLimitRules()])).toEqual([]);
    expect(() => parse(print(document), { maxTokens: GRAPHQL_LIMITS.maxTokens })).not.toThrow();
  });

  it.each(operations)('%s costs less than the limit even with every page at its largest', async (_name, document) => {
    const schema = await buildGraphQLSchema();
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    )!;
    const largest = Object.fromEntries(
      (operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, PAGE_SIZE.max]),
    );
    const cost = operationCost({ schema, document, operation, variables: largest });
    expect(cost).toBeLessThanOrEqual(GRAPHQL_LIMITS.maxCost / 2);
  });
});
