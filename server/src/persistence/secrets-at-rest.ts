import type { MikroORM } from '@mikro-orm/postgresql';
import type { SecretBox } from '../application/secrets/secret-box.js';
import { hasUnsealedSecrets, sealUnsealedSecrets } from '../domain/filter-secrets.js';
import type { FilterGroup } from '../domain/types.js';

/** The key given cannot open what this database holds: starting would make every stored secret unusable. */
export class SecretKeyMismatchError extends Error {
  constructor() {
    super(
      'The secret key (INTAKE_SECRET_KEY, or secret.key in the data folder) cannot decrypt the secrets stored in this database: they were encrypted with another key. Start with the key this database was used with; refusing to start rather than lose access to them.',
    );
    this.name = 'SecretKeyMismatchError';
  }
}

/**
 * At every start, before anything reads a secret: the first start seals a check value with its key; every later
 * start must be able to open it, or it refuses (SecretKeyMismatchError). Then filter tokens stored in plain text
 * (before secrets were sealed) are sealed. Returns how many webhooks' filters were sealed.
 */
export async function prepareSecretsAtRest(orm: MikroORM, secretBox: SecretBox): Promise<number> {
  const connection = orm.em.getConnection();
  // Concurrent first starts: one insert wins, and every instance then checks the same row.
  await connection.execute(
    `insert into "secret_key_check" ("id", "sealed") values (1, ?) on conflict ("id") do nothing`,
    [secretBox.seal('intake-secret-key-check')],
  );
  const [row] = await connection.execute<{ sealed: string }[]>(
    `select "sealed" from "secret_key_check" where "id" = 1`,
  );
  try {
    if (!row || secretBox.open(row.sealed) !== 'intake-secret-key-check') throw new SecretKeyMismatchError();
  } catch {
    throw new SecretKeyMismatchError();
  }
  return sealPlaintextFilterTokens(orm, secretBox);
}

async function sealPlaintextFilterTokens(orm: MikroORM, secretBox: SecretBox): Promise<number> {
  const connection = orm.em.getConnection();
  const rows = await connection.execute<{ id: string; filter: FilterGroup }[]>(
    `select "id", "filter" from "webhooks" where "filter" is not null`,
  );
  let sealed = 0;
  for (const { id, filter } of rows) {
    if (!hasUnsealedSecrets(filter)) continue;
    const next = sealUnsealedSecrets(filter, (plain) => secretBox.seal(plain));
    // Only if nobody changed it meanwhile (another instance sealing it at the same start): no version bump, the
    // settings are the same; the change trigger still tells every ingestion cache to reload.
    const result = await connection.execute(
      `update "webhooks" set "filter" = ?::jsonb where "id" = ? and "filter" = ?::jsonb`,
      [JSON.stringify(next), id, JSON.stringify(filter)],
      'run',
    );
    sealed += (result as { affectedRows?: number }).affectedRows ?? 0;
  }
  return sealed;
}
