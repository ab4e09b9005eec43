import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { findAccountBySlug } from '../application/accounts/find-account-by-slug.js';
import type { Actor } from '../application/actor.js';
import type { Repositories } from '../application/deps.js';
import type { SecretBox } from '../application/secrets/secret-box.js';
import { exportWebhooks } from '../application/webhooks/export-webhooks.js';
import { importWebhooks, type ImportPlanView } from '../application/webhooks/import-webhooks.js';
import type { Config } from '../config.js';
import { Errors } from '../domain/errors.js';
import { INGESTION_LIMITS } from '../domain/limits.js';
import { jsonNestsDeeperThan } from '../domain/json-text.js';
import { prepareSecretsAtRest } from '../persistence/secrets-at-rest.js';
import { AesGcmSecretBox } from '../security/secret-box.js';
import { resolveSecretKey } from '../security/secret-key.js';

/**
 * `pnpm cli webhooks:export` and `webhooks:import`: configuration as code from a shell, through the same use cases
 * as the API. Both read filters, whose secret values are sealed: they need the server's secret key.
 */

/** The secret key the server uses (INTAKE_SECRET_KEY or the data folder's file), checked against the database. */
export async function openSecretBox(config: Config, orm: MikroORM, say: (line: string) => void): Promise<SecretBox> {
  const box = new AesGcmSecretBox(resolveSecretKey(config, say));
  await prepareSecretsAtRest(orm, box);
  return box;
}

/** An admin of the account, named in the change history as the operator's login. */
async function operatorOf(deps: Repositories, slug: string): Promise<Actor> {
  const account = await findAccountBySlug(deps, slug);
  return { accountId: account.id, accountSlug: account.slug, role: 'ADMIN', label: `cli:${loginName()}` };
}

function loginName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'operator';
  }
}

/** `pnpm cli` runs in server/ (pnpm --filter): relative paths are the caller's, whom pnpm names in INIT_CWD. */
function callerPath(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

export async function exportCommand(deps: Repositories, [slug, file]: string[]): Promise<string[]> {
  const document = await exportWebhooks(deps, await operatorOf(deps, slug!));
  const text = `${JSON.stringify(document, null, 2)}`;
  if (!file) return [text];
  await writeFile(callerPath(file), `${text}\n`);
  const count = (document.webhooks as unknown[]).length;
  return [`Exported ${count} webhook${count === 1 ? '' : 's'} of ${slug} to ${file}.`];
}

export async function importCommand(deps: Repositories, [slug, file]: string[], dryRun: boolean): Promise<string[]> {
  const actor = await operatorOf(deps, slug!);
  const text = await readFile(callerPath(file!), 'utf8');
  if (jsonNestsDeeperThan(text, INGESTION_LIMITS.jsonDepth)) {
    throw Errors.badInput('document', `${file} nests deeper than ${INGESTION_LIMITS.jsonDepth} levels.`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw Errors.badInput('document', `${file} is not JSON: ${(error as Error).message}`);
  }
  // No cache in this process: running servers hear of the changes through the database's notification.
  const plan = await importWebhooks({ webhooks: deps.webhooks, webhookChanged: () => {} }, actor, document, {
    dryRun,
  });
  return describePlan(plan);
}

/** The plan as a table: kind, endpoint, fields; notes below their webhook; a summary line. */
export function describePlan(plan: ImportPlanView): string[] {
  const width = Math.max(8, ...plan.changes.map((change) => change.endpoint.length));
  const lines = plan.changes.flatMap((change) => [
    `${change.kind.padEnd(10)} ${change.endpoint.padEnd(width)} ${change.fields.join(', ')}`.trimEnd(),
    ...change.notes.map((note) => `${' '.repeat(11)}note: ${note}`),
  ]);
  const count = (kind: string) => plan.changes.filter((change) => change.kind === kind).length;
  const summary = `${count('CREATE')} to create, ${count('UPDATE')} to update, ${count('UNCHANGED')} unchanged`;
  return [
    ...lines,
    plan.applied
      ? `Applied: ${summary.replace(' to create', ' created').replace(' to update', ' updated')}.`
      : `Dry run, nothing changed: ${summary}.`,
  ];
}
