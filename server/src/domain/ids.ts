const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every stored object has a UUID. An id that is not one cannot exist: finders answer "not found" for it, as for
 * another account's id, instead of letting PostgreSQL refuse the comparison (which would be a 500).
 */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
