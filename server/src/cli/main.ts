import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { issueApiKey } from '../application/accounts/api-keys.js';
import { createAccount } from '../application/accounts/create-account.js';
import { createUser } from '../application/accounts/create-user.js';
import { findAccountBySlug } from '../application/accounts/find-account-by-slug.js';
import type { Repositories } from '../application/deps.js';
import type { MaintenanceReport } from '../application/maintenance/run-maintenance.js';
import { loadConfig, type Config } from '../config.js';
import { DomainError, ValidationError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/types.js';
import { openDatabase } from '../persistence/database.js';
import { pgMaintenance } from '../persistence/maintenance/index.js';
import { createRepositories } from '../persistence/repositories/index.js';
import { exportCommand, importCommand, openSecretBox } from './webhook-documents.js';

const USAGE = `Usage: pnpm cli <command> [arguments]

  account:create <slug> [name]                    create an account (the slug is the {account} of ingestion URLs)
  apikey:create <slug> [--role ADMIN|READER] [--name NAME]
                                                  create an API key; the key is printed alone on the last line
  user:create <slug> <email> [--role ADMIN|READER] create a console user; prints a generated password
  logs:maintain                                   run the request log maintenance once (partitions ahead, expired
                                                  days dropped, LOG_RETENTION_DAYS), as the server does hourly
  webhooks:export <slug> [file]                   the account's webhooks as a JSON document (stdout without a file)
  webhooks:import <slug> <file> [--dry-run]       make the account's webhooks what the document says; prints the
                                                  plan (with --dry-run only the plan); invalid documents: exit 1

Uses DATABASE_URL when set, otherwise the embedded PostgreSQL under .data/: the one a running \`pnpm start\`
uses, or started for this command alone.`;

/** Operator tasks need only the repositories (and the database, for maintenance): no HTTP, no ingestion. */
type Command = (
  deps: Repositories,
  positionals: string[],
  role: Role,
  name: string | undefined,
  database: { url: string; config: Config },
  flags: { dryRun: boolean },
) => Promise<string[]>;

/** `secrets`: the command reads or writes sealed values (filters), so it opens the server's secret key. */
const COMMANDS: Record<string, { args: number; run: Command; secrets?: true }> = {
  'account:create': {
    args: 1,
    run: async (deps, [slug, ...nameWords]) => {
      const account = await createAccount(deps, slug!, nameWords.join(' ') || undefined);
      return [`Created account ${account.slug} ("${account.name}"), id ${account.id}`];
    },
  },
  'apikey:create': {
    args: 1,
    run: async (deps, [slug], role, name) => {
      const account = await findAccountBySlug(deps, slug!);
      const { apiKey, secret } = await issueApiKey(deps, account.id, name ?? `cli ${new Date().toISOString()}`, role);
      return [
        `Created ${role} API key "${apiKey.name}" (${apiKey.prefix}) for ${account.slug}. It is shown once:`,
        secret,
      ];
    },
  },
  'user:create': {
    args: 2,
    run: async (deps, [slug, email], role) => {
      const account = await findAccountBySlug(deps, slug!);
      const user = await createUser(deps, account.id, email!, role);
      return [`Created ${role} user ${user.email} in ${account.slug}. Generated password (shown once):`, user.password];
    },
  },
  'logs:maintain': {
    args: 0,
    run: async (_deps, _positionals, _role, _name, { url, config }) =>
      describeReport(await pgMaintenance(url, { logRetentionDays: config.logRetentionDays })()),
  },
  'webhooks:export': { args: 1, secrets: true, run: (deps, positionals) => exportCommand(deps, positionals) },
  'webhooks:import': {
    args: 2,
    secrets: true,
    run: (deps, positionals, _role, _name, _database, { dryRun }) => importCommand(deps, positionals, dryRun),
  },
};

function describeReport(report: MaintenanceReport): string[] {
  if (!report.ran) return [`Skipped: ${report.reason}.`];
  return report.steps.flatMap((step) => [
    `${step.step}: ${step.summary || 'nothing to do'}`,
    ...step.problems.map((problem) => `${step.step}: could not finish ${problem}`),
  ]);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [commandName, ...rest] = positionals;
  const command = commandName ? COMMANDS[commandName] : undefined;
  if (values.help || !command) {
    process.stderr.write(`${commandName && !command ? `Unknown command "${commandName}".\n\n` : ''}${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (rest.length < command.args) {
    process.stderr.write(`${commandName}: missing arguments.\n\n${USAGE}\n`);
    return 2;
  }
  const role = (values.role ?? 'ADMIN').toUpperCase();
  if (!(ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`--role must be ADMIN or READER, not "${values.role}".\n`);
    return 2;
  }
  const config = loadConfig();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const database = await openDatabase(config, say);
  try {
    const secretBox = command.secrets ? await openSecretBox(config, database.orm, say) : undefined;
    const lines = await command.run(
      createRepositories(database.orm, secretBox),
      rest,
      role as Role,
      values.name,
      { url: database.url, config },
      { dryRun: values['dry-run'] ?? false },
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ValidationError
        ? // Every problem of an invalid input (a webhooks document), each at its path.
          [
            `${error.code}: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}, nothing changed:`,
            ...error.issues.map((issue) => `  ${issue.field}: ${issue.message}`),
          ].join('\n')
        : error instanceof DomainError
          ? `${error.code}: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
