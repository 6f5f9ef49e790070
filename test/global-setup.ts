import { Redis } from "ioredis";
import pg from "pg";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "./support/env.ts";

/**
 * Runs once before all suites: a fresh, migrated test database and no earlier test queues. Starting empty keeps one run's
 * leftovers (deliveries still waiting on an unhealthy destination, say) out of the next run's
 * sweepers and alerts.
 */
export default async function setup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await createDatabaseIfMissing(TEST_DATABASE_URL);
  await migrateDatabase(TEST_DATABASE_URL);
  await deleteEarlierTestQueues();
}

/** Suites use queue prefixes `lrtest-…`; drop what earlier runs left in Redis. */
async function deleteEarlierTestQueues(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: "lrtest-*", count: 1_000 })) {
      if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
