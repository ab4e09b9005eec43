const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every stored object has a UUID. An id that is not one cannot exist: finders answer "not found" for it, as for
 * another account's id, instead of letting PostgreSQL refuse the comparison (which would be a 500).
 */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Random bytes drawn 4 KiB at a time: one call to the system's generator serves 409 ids. */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * A time-ordered UUID (version 7, RFC 9562): 48 bits of milliseconds since the epoch, then 74 random bits. The ids
 * of rows written together sit side by side in a B-tree index, so inserts touch the index's right edge instead of a
 * random page each (fewer pages dirtied, fewer full-page images in the WAL after a checkpoint).
 */
export function timeOrderedUuid(nowMs: number = Date.now()): string {
  if (poolOffset + 10 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const r = poolOffset;
  poolOffset += 10;
  // The timestamp's 12 hex digits; 2^48 ms lasts until the year 10889.
  const time = Math.floor(nowMs).toString(16).padStart(12, '0');
  return (
    `${time.slice(0, 8)}-${time.slice(8, 12)}-` +
    `7${HEX[pool[r]].slice(1)}${HEX[pool[r + 1]]}-` +
    `${HEX[(pool[r + 2] & 0x3f) | 0x80]}${HEX[pool[r + 3]]}-` +
    `${HEX[pool[r + 4]]}${HEX[pool[r + 5]]}${HEX[pool[r + 6]]}${HEX[pool[r + 7]]}${HEX[pool[r + 8]]}${HEX[pool[r + 9]]}`
  );
}
