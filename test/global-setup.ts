import { Redis } from "ioredis";
import pg from "pg";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { TEST_DATABASE_URL, TEST_KEY_PREFIX, TEST_REDIS_URL } from "./support/env.ts";

/**
 * Runs once before all suites: a fresh, migrated test database and no earlier test queues. Starting empty keeps one run's
 * leftovers (deliveries still waiting on an unhealthy destination, say) out of the next run's
 * sweepers and alerts.
 */
export default async function setup(): Promise<void> {
  const url = new URL(TEST_DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  refuseNonTestDatabase(name);
  console.log(
    `Tests use database ${name} (TEST_DATABASE_URL) and Redis keys ${TEST_KEY_PREFIX}-* at ${new URL(TEST_REDIS_URL).host} (TEST_REDIS_URL); both are emptied first.`,
  );
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

/**
 * The setup drops the database it is given: a TEST_DATABASE_URL pointing at a real one (a copy-paste
 * of DATABASE_URL) must stop the run, not empty that database.
 */
function refuseNonTestDatabase(name: string): void {
  if (!/test/i.test(name)) {
    throw new Error(`TEST_DATABASE_URL names the database "${name}": the tests drop and recreate it, so its name must contain "test"`);
  }
  const serviceUrl = process.env.DATABASE_URL;
  if (
    serviceUrl &&
    URL.canParse(serviceUrl) &&
    new URL(serviceUrl).host === new URL(TEST_DATABASE_URL).host &&
    decodeURIComponent(new URL(serviceUrl).pathname.slice(1)) === name
  ) {
    throw new Error(`TEST_DATABASE_URL names the same database as DATABASE_URL ("${name}"): the tests would drop the service's data`);
  }
}

/** Suites' Redis keys start with `TEST_KEY_PREFIX-`; drop what earlier runs against this database left. */
async function deleteEarlierTestQueues(): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: `${TEST_KEY_PREFIX}-*`, count: 1_000 })) {
      if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
    }
  } finally {
    redis.disconnect();
  }
}
