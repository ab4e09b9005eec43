import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  gql,
  startTestApp,
  TEST_SECRET_KEY,
  type TestApp,
  type TestTenant,
} from '../support/test-app.js';

/**
 * `pnpm cli webhooks:export` and `webhooks:import`, run as the operator runs them: the CLI's main module in a
 * process of its own (as `pnpm cli` starts it), against the test server's database and secret key.
 */

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let t: TestApp;
let source: TestTenant;
let target: TestTenant;
let workDir: string;

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pnpm cli <args>` from `workDir` (pnpm names the caller's folder in INIT_CWD). */
function cli(...args: string[]): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    [
      '--no-warnings',
      '--conditions=intake-source',
      '--import',
      '@swc-node/register/esm-register',
      'src/cli/main.ts',
      ...args,
    ],
    {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: t.database.url,
        INTAKE_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
        INIT_CWD: workDir,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const TOKEN = 'tok-cli-7d1e';

async function endpointsOf(tenant: TestTenant): Promise<string[]> {
  const result = await gql(
    t.url,
    '{ webhooks(first: 100) { nodes { endpoint status } } }',
    {},
    { apiKey: tenant.adminKey },
  );
  return (result.data!.webhooks.nodes as { endpoint: string }[]).map((node) => node.endpoint).sort();
}

beforeAll(async () => {
  t = await startTestApp();
  source = await createTenant(t.deps);
  target = await createTenant(t.deps);
  workDir = mkdtempSync(path.join(os.tmpdir(), 'intake-cli-'));
  const create = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { id } }`;
  for (const input of [
    {
      name: 'Points',
      method: 'POST',
      endpoint: 'points',
      action: 'point_add',
      mapping: [
        { from: 'id', to: 'customer' },
        { from: 'amount', to: 'data.points' },
      ],
    },
    {
      name: 'Opt-in',
      method: 'PUT',
      endpoint: 'optin',
      action: 'opt_in',
      filter: { join: 'AND', conditions: [{ attribute: 'headers.x-token', operator: 'EQUALS', value: TOKEN }] },
      mapping: [{ from: 'id', to: 'customer' }],
    },
  ]) {
    const result = await gql(t.url, create, { input }, { apiKey: source.adminKey });
    expect(result.errors).toBeUndefined();
  }
});

afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await t?.close();
});

describe('pnpm cli webhooks:export', () => {
  it('writes the document to stdout, secrets left out', async () => {
    const run = await cli('webhooks:export', source.slug);
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout) as { format: string; version: number; webhooks: { endpoint: string }[] };
    expect(document).toMatchObject({ format: 'intake.webhooks', version: 1, account: source.slug });
    expect(document.webhooks.map((webhook) => webhook.endpoint)).toEqual(['optin', 'points']);
    expect(run.stdout).not.toContain(TOKEN);
  }, 60_000);

  it('writes it to a file relative to the caller’s folder', async () => {
    const run = await cli('webhooks:export', source.slug, 'staging.json');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('Exported 2 webhooks of ' + source.slug + ' to staging.json.\n');
    const document = JSON.parse(readFileSync(path.join(workDir, 'staging.json'), 'utf8')) as { webhooks: unknown[] };
    expect(document.webhooks).toHaveLength(2);
  }, 60_000);

  it('fails on an unknown account', async () => {
    const run = await cli('webhooks:export', 'no-such-account');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: NOT_FOUND: Account "no-such-account" was not found.');
  }, 60_000);
});

describe('pnpm cli webhooks:import', () => {
  it('refuses an invalid document with every problem at its path, exit code 1, nothing changed', async () => {
    // The export as it is: the target has no value for the token the export left out.
    const run = await cli('webhooks:import', target.slug, 'staging.json', '--dry-run');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('error: BAD_USER_INPUT: 1 problem, nothing changed:');
    expect(run.stderr).toContain('  document.webhooks.0.filter.conditions.0.value: The secret value');

    writeFileSync(
      path.join(workDir, 'broken.json'),
      JSON.stringify({
        format: 'intake.webhooks',
        version: 1,
        webhooks: [{ name: '', method: 'GET', endpoint: 'x', action: 'opt_in', mapping: [{ from: 'id', to: 'who' }] }],
      }),
    );
    const broken = await cli('webhooks:import', target.slug, 'broken.json');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('error: BAD_USER_INPUT: 3 problems, nothing changed:');
    for (const field of ['name', 'method', 'mapping.0.to']) {
      expect(broken.stderr).toContain(`  document.webhooks.0.${field}: `);
    }
    expect(await endpointsOf(target)).toEqual([]);
  }, 60_000);

  it('--dry-run prints the plan and changes nothing; then the import applies it, and a second one is UNCHANGED', async () => {
    const document = JSON.parse(readFileSync(path.join(workDir, 'staging.json'), 'utf8')) as {
      webhooks: { filter: { conditions: { value: unknown }[] } | null }[];
    };
    document.webhooks[0]!.filter!.conditions[0]!.value = TOKEN;
    writeFileSync(path.join(workDir, 'production.json'), JSON.stringify(document));

    const dryRun = await cli('webhooks:import', target.slug, 'production.json', '--dry-run');
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout.split('\n')).toEqual([
      'CREATE     optin    name, method, endpoint, filter, action, mapping, verification, status',
      'CREATE     points   name, method, endpoint, action, mapping, verification, status',
      'Dry run, nothing changed: 2 to create, 0 to update, 0 unchanged.',
      '',
    ]);
    expect(await endpointsOf(target)).toEqual([]);

    const applied = await cli('webhooks:import', target.slug, 'production.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Applied: 2 created, 0 updated, 0 unchanged.');
    expect(await endpointsOf(target)).toEqual(['optin', 'points']);

    const again = await cli('webhooks:import', target.slug, 'production.json');
    expect(again.stdout.split('\n')).toEqual([
      'UNCHANGED  optin',
      'UNCHANGED  points',
      'Applied: 0 created, 0 updated, 2 unchanged.',
      '',
    ]);

    const history = await gql(
      t.url,
      '{ webhooks(first: 10) { nodes { history(first: 5) { nodes { kind actor } } } } }',
      {},
      { apiKey: target.adminKey },
    );
    for (const webhook of history.data!.webhooks.nodes as { history: { nodes: { kind: string; actor: string }[] } }[]) {
      expect(webhook.history.nodes).toEqual([{ kind: 'IMPORTED', actor: expect.stringMatching(/^cli:/) }]);
    }
  }, 90_000);
});
