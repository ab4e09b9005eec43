import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000001Initial } from './Migration20261127000001Initial.js';

/** Listed explicitly: vitest and the built server cannot discover `.ts` migrations from the file system. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261127000001Initial', class: Migration20261127000001Initial },
];
