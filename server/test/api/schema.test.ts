import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { contractViolations } from '../../src/graphql/contract-check.js';
import { printSchemaFile } from '../../src/graphql/print-schema.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';

const SHARED_CONTRACT = path.resolve(REPO_ROOT, '../shared/spec/api-contract.graphql');
/** A byte-for-byte copy, so that the check also runs in a clone without the shared folder next to it. */
const CONTRACT_COPY = fileURLToPath(new URL('../fixtures/api-contract.graphql', import.meta.url));
const COMMITTED_SCHEMA = path.join(REPO_ROOT, 'schema', 'schema.graphql');

function contractPath(): string {
  return existsSync(SHARED_CONTRACT) ? SHARED_CONTRACT : CONTRACT_COPY;
}

describe('the GraphQL schema', () => {
  it('equals the committed schema/schema.graphql', async () => {
    const printed = printSchemaFile(await buildGraphQLSchema());
    const committed = readFileSync(COMMITTED_SCHEMA, 'utf8');
    expect(
      printed === committed,
      'schema/schema.graphql is out of date with the server code: run `pnpm schema:emit` and commit the result.',
    ).toBe(true);
  });

  it('honours the API contract', async () => {
    const violations = contractViolations(readFileSync(contractPath(), 'utf8'), await buildGraphQLSchema());
    expect(violations, `the schema breaks the API contract (${contractPath()})`).toEqual([]);
  });

  it('the committed copy of the contract matches the shared one when both exist', () => {
    if (!existsSync(SHARED_CONTRACT)) {
      // On a clone without the shared folder the copy is all there is; it must at least be a contract.
      expect(readFileSync(CONTRACT_COPY, 'utf8')).toContain('type Mutation');
      return;
    }
    expect(
      readFileSync(CONTRACT_COPY).equals(readFileSync(SHARED_CONTRACT)),
      'server/test/fixtures/api-contract.graphql differs from the shared contract: copy it again.',
    ).toBe(true);
  });

  it('the contract check itself notices a missing field (so an empty list means something)', async () => {
    const violations = contractViolations(
      'type Query { webhooks: Int, noSuchField: String }',
      await buildGraphQLSchema(),
    );
    expect(violations).toContain('field Query.noSuchField is missing');
    expect(violations.some((v) => v.startsWith('field Query.webhooks is'))).toBe(true);
  });
});
