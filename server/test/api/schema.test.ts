import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { contractViolations } from '../../src/graphql/contract-check.js';
import { printSchemaFile } from '../../src/graphql/print-schema.js';
import { buildGraphQLSchema } from '../../src/graphql/schema.js';

/** The published contract, as copied into the repository (docs/spec mirrors ../shared/spec; docs.test.ts checks it). */
const CONTRACT = path.join(REPO_ROOT, 'docs', 'spec', 'api-contract.graphql');
/** Additions implemented so far; their `extend` statements need the base contract in the same document. */
const IMPLEMENTED_ADDITIONS = ['sender-auth.graphql', 'payloads.graphql', 'operations.graphql'].map((file) =>
  path.join(REPO_ROOT, 'docs', 'spec', 'next', file),
);
const COMMITTED_SCHEMA = path.join(REPO_ROOT, 'schema', 'schema.graphql');

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
    const violations = contractViolations(readFileSync(CONTRACT, 'utf8'), await buildGraphQLSchema());
    expect(violations, `the schema breaks the API contract (${CONTRACT})`).toEqual([]);
  });

  it.each(IMPLEMENTED_ADDITIONS.map((file) => [path.basename(file), file]))(
    'honours the contract additions of %s (parsed together with the base contract)',
    async (_name, file) => {
      const sdl = `${readFileSync(CONTRACT, 'utf8')}\n${readFileSync(file, 'utf8')}`;
      expect(contractViolations(sdl, await buildGraphQLSchema()), `the schema breaks ${file}`).toEqual([]);
    },
  );

  it('the contract check reads the additions: an extension the schema lacks is reported', async () => {
    const sdl = `${readFileSync(CONTRACT, 'utf8')}\nextend type Webhook { verificationOfTomorrow: String }\nextend enum RequestOutcome { LOST }`;
    const violations = contractViolations(sdl, await buildGraphQLSchema());
    expect([...violations].sort()).toEqual([
      'enum value RequestOutcome.LOST is missing',
      'field Webhook.verificationOfTomorrow is missing',
    ]);
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
