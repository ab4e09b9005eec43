import type { MikroORM } from '@mikro-orm/postgresql';
import type { PoolState } from './ingestion/store.js';

/** tarn's pool (knex's), as far as we read it. */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

/** The ORM's (API's) connection pool now; zeros when knex has not created it yet. */
export function ormPoolState(orm: MikroORM): PoolState {
  const pool = (orm.em.getConnection().getKnex().client as { pool?: TarnPool | null }).pool;
  if (!pool) return { inUse: 0, idle: 0, waiting: 0 };
  return { inUse: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires() };
}

/**
 * Whether every migration this build knows has been applied. Once true it stays true (migrations are never
 * rolled back on a running service; another instance's newer ones do not concern this one), so only the first
 * answers that are false cost a query.
 */
export function migrationsCurrentCheck(orm: MikroORM): () => Promise<boolean> {
  let current = false;
  return async () => {
    if (current) return true;
    current = (await orm.getMigrator().getPendingMigrations()).length === 0;
    return current;
  };
}
