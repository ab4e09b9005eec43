import type { QueryBuilder } from '@mikro-orm/postgresql';
import type { Page, PageRequest } from '../application/page.js';
import { Errors } from '../domain/errors.js';
import { isUuid } from '../domain/ids.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The answer for a list of something that cannot exist (e.g. of an id that is not a UUID). */
export function emptyPage<T>(): Page<T> {
  return { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
}

/** Keyset cursors: the sort key of the last row, opaque to clients. */
export interface Cursor {
  at: string;
  id: string;
}

export function pageSize(first: number | null | undefined, field = 'first'): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw Errors.badInput(field, `first must be between 1 and ${MAX_PAGE_SIZE}.`);
  }
  return first;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.at, cursor.id])).toString('base64url');
}

export function decodeCursor(after: string | null | undefined, field = 'after'): Cursor | null {
  if (after == null) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
    // Only what encodeCursor writes: anything else would reach the SQL comparison and fail there as a 500.
    if (typeof at !== 'string' || typeof id !== 'string' || new Date(at).toISOString() !== at || !isUuid(id)) {
      throw new Error('shape');
    }
    return { at, id };
  } catch {
    throw Errors.badInput(field, 'after is not a cursor returned by this API (use pageInfo.endCursor).');
  }
}

/** Builds a page from rows fetched with limit + 1. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => Cursor, map: (row: R) => T): Page<T> {
  const hasNextPage = rows.length > limit;
  const visible = hasNextPage ? rows.slice(0, limit) : rows;
  const last = visible[visible.length - 1];
  return {
    nodes: visible.map(map),
    pageInfo: { hasNextPage, endCursor: last ? encodeCursor(cursorOf(last)) : null },
  };
}

export interface KeysetSort<R> {
  /** The entity property sorted on, newest first; ties broken by id. */
  property: string;
  /** The same as a SQL column qualified by the query builder's alias, e.g. "l.received_at". */
  column: string;
  valueOf(row: R): Date;
}

/** Runs a newest-first keyset page over a prepared query builder (filters already applied). */
export async function fetchKeysetPage<R extends { id: string }, T>(
  qb: QueryBuilder<R>,
  sort: KeysetSort<R>,
  args: PageRequest,
  map: (row: R) => T,
): Promise<Page<T>> {
  const limit = pageSize(args.first);
  const cursor = decodeCursor(args.after);
  const idColumn = `${sort.column.split('.')[0]}.id`;
  qb.orderBy({ [sort.property]: 'desc', id: 'desc' } as never).limit(limit + 1);
  if (cursor) qb.andWhere(`(${sort.column}, ${idColumn}) < (?, ?)`, [cursor.at, cursor.id]);
  const rows = await qb.getResultList();
  return toPage(rows, limit, (row) => ({ at: sort.valueOf(row).toISOString(), id: row.id }), map);
}
