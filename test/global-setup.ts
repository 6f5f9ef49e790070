import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { TEST_DATABASE_URL } from "./support/env.ts";

/** Runs once before all suites: the test database exists and is migrated. */
export default async function setup(): Promise<void> {
  await createDatabaseIfMissing(TEST_DATABASE_URL);
  await migrateDatabase(TEST_DATABASE_URL);
}
