import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';
import { DEFAULT_DATABASE_SETTINGS } from '../config.js';

/** A request waits this long for a pooled connection; then storage counts as unavailable (not a hung request). */
const POOL_ACQUIRE_TIMEOUT_MS = 5_000;

/** The ORM's connection pool: `size` connections at most (DB_POOL_SIZE), none kept open when idle. */
export function ormPool(size: number): Options['pool'] {
  return { min: 0, max: size, acquireTimeoutMillis: POOL_ACQUIRE_TIMEOUT_MS };
}

/** MikroORM settings shared by the server, the CLI, the migration tooling and the tests. */
export function ormOptions(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    migrations: {
      migrationsList: MIGRATIONS,
      path: 'src/persistence/migrations',
      pathTs: 'src/persistence/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: ormPool(DEFAULT_DATABASE_SETTINGS.poolSize),
    // The database is never created here: DATABASE_URL names one that must exist (a typo must not start an empty
    // service); only the embedded default creates its own, in database.ts.
    ensureDatabase: false,
    forceUtcTimezone: true,
    debug: false,
    allowGlobalContext: false,
    ...overrides,
  };
}

export async function openOrm(clientUrl: string, overrides: Partial<Options> = {}): Promise<MikroORM> {
  return MikroORM.init(ormOptions(clientUrl, overrides));
}

/** Applies committed migrations; the schema is never synchronised from entities at runtime. */
export async function migrate(orm: MikroORM): Promise<void> {
  await orm.getMigrator().up();
}
