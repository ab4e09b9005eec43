import type { MikroORM } from '@mikro-orm/postgresql';

/** What use cases need from the outside world. */
export interface Deps {
  orm: MikroORM;
  publicUrl: string;
  sessionTtlMs: number;
}
