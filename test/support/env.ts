import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where the suites find the real services on this machine, and which names in them are theirs.
 *
 * The global setup DROPS the test database and deletes the test Redis keys, so the defaults are
 * names no running service uses: the service's database is `leadrelay` and its keys start with
 * `leadrelay`, while the tests use `leadrelay_test_<id>` and `lrtest-<id>-…`, where `<id>` comes
 * from this checkout's path. Two checkouts on one machine (two people, two branches) run their
 * tests side by side without touching each other's data. TEST_DATABASE_URL / TEST_REDIS_URL
 * override the defaults (CI and anyone who wants a fixed name).
 */
const CHECKOUT = realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."));

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL || `postgresql://postgres@127.0.0.1:5432/leadrelay_test_${shortHash(CHECKOUT)}`;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";

/**
 * Every Redis key the suites make starts with this (queue prefixes, rate limits, OAuth states):
 * one prefix per test database, so the setup only deletes what runs against that database left.
 */
export const TEST_KEY_PREFIX = `lrtest-${shortHash(TEST_DATABASE_URL)}`;
