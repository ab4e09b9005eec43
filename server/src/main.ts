import 'reflect-metadata';
import { ensureDemoAccount } from './application/accounts/ensure-demo-account.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './persistence/database.js';
import { resolveSecretKey } from './security/secret-key.js';

/** Process entry: config → database → app → listen, and a graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig();
  const say = (line: string) => process.stdout.write(`[intake] ${line}\n`);
  const secretKey = resolveSecretKey(config, say);
  const database = await openDatabase(config, say);
  // A refused start (e.g. a secret key that cannot open the stored secrets) must not leave PostgreSQL running.
  const { app, deps } = await buildApp({ config: { ...config, secretKey }, orm: database.orm }).catch(
    async (error: unknown) => {
      await database.close();
      throw error;
    },
  );

  const demo = await ensureDemoAccount(deps);
  if (demo) {
    say('Created the demo account on this empty database. These credentials are shown once:');
    say(`  console:  ${config.publicUrl}/   email: ${demo.email}   password: ${demo.password}`);
    say(`  API key:  ${demo.apiKey}`);
    say(
      `  try:      curl -s ${config.publicUrl}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${demo.apiKey}' -d '{"query":"{ me { account { slug name } role } }"}'`,
    );
    say(`  ingest:   ${config.publicUrl}/webhooks/custom/${demo.accountSlug}/<endpoint>`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: shutting down`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  say(
    `listening on ${config.publicUrl} (console /, GraphQL /graphql, ingestion /webhooks/custom/<account>/<endpoint>)`,
  );
  if (!config.consoleDist) say('the console is not built: `pnpm start` builds it, or run `pnpm dev`');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`[intake] failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
