import { randomFillSync } from "node:crypto";

/**
 * Time-ordered ids (UUIDv7, RFC 9562) for every row: newest-first listing and cursors sort by id.
 * Ids made in the same millisecond stay in the order they were made (a 31-bit counter seeded at
 * random each millisecond, as the `uuid` package does). The random bits come from a pool refilled
 * 256 ids at a time: intake and delivery make several ids per lead, and one call into the system
 * RNG per id showed in their profiles.
 */
const pool = Buffer.allocUnsafe(16 * 256);
let poolAt = pool.length;
let lastMs = -Infinity;
let sequence = 0;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

export function newId(): string {
  if (poolAt + 16 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 16;
  const now = Date.now();
  if (now > lastMs) {
    sequence = ((pool[r + 6]! & 0x7f) << 24) | (pool[r + 7]! << 16) | (pool[r + 8]! << 8) | pool[r + 9]!;
    lastMs = now;
  } else {
    sequence = (sequence + 1) | 0;
    if (sequence === 0) lastMs++;
  }
  const ms = lastMs;
  const h = HEX;
  return (
    h[(ms / 0x10000000000) & 0xff]! +
    h[(ms / 0x100000000) & 0xff]! +
    h[(ms / 0x1000000) & 0xff]! +
    h[(ms / 0x10000) & 0xff]! +
    "-" +
    h[(ms / 0x100) & 0xff]! +
    h[ms & 0xff]! +
    "-" +
    h[0x70 | ((sequence >>> 28) & 0x0f)]! +
    h[(sequence >>> 20) & 0xff]! +
    "-" +
    h[0x80 | ((sequence >>> 14) & 0x3f)]! +
    h[(sequence >>> 6) & 0xff]! +
    "-" +
    h[((sequence << 2) & 0xff) | (pool[r + 10]! & 0x03)]! +
    h[pool[r + 11]!]! +
    h[pool[r + 12]!]! +
    h[pool[r + 13]!]! +
    h[pool[r + 14]!]! +
    h[pool[r + 15]!]!
  );
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isId(value: string): boolean {
  return UUID_PATTERN.test(value);
}
