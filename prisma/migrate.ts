import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { loadLogSettings } from "../core/config.ts";
import { chooseLogFormat, createLogger, type Logger } from "../core/logger.ts";

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, each in its own
 * transaction, and records them in `_prisma_migrations` exactly as `prisma migrate deploy` does
 * (same table, sha256 checksum of the file), so either tool can take over from the other.
 * A Postgres advisory lock keeps concurrent start-ups from racing.
 */
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
const LOCK_KEY = 72707369; // same key Prisma's own migrate uses

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * What every entry point does before it touches the database: create it if it is missing, apply
 * the migrations not applied yet, and say so in the log (the database's name, never the URL,
 * which may hold a password).
 */
export async function prepareDatabase(databaseUrl: string, logger: Logger): Promise<MigrationResult> {
  if (await createDatabaseIfMissing(databaseUrl)) logger.info({ database: databaseName(databaseUrl) }, "database created");
  const result = await migrateDatabase(databaseUrl);
  if (result.applied.length) {
    logger.info(
      { database: databaseName(databaseUrl), applied: result.applied, alreadyApplied: result.alreadyApplied.length },
      `migrations applied: ${result.applied.length}`,
    );
  } else {
    logger.debug({ database: databaseName(databaseUrl), alreadyApplied: result.alreadyApplied.length }, "database schema is up to date");
  }
  return result;
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
}

export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!name) throw new Error("DATABASE_URL names no database");
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if ((error as { code?: string }).code !== "42P04") throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

export async function migrateDatabase(databaseUrl: string): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
        "id" VARCHAR(36) PRIMARY KEY NOT NULL,
        "checksum" VARCHAR(64) NOT NULL,
        "finished_at" TIMESTAMPTZ,
        "migration_name" VARCHAR(255) NOT NULL,
        "logs" TEXT,
        "rolled_back_at" TIMESTAMPTZ,
        "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "applied_steps_count" INTEGER NOT NULL DEFAULT 0
      )`);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };

    for (const name of await listMigrations()) {
      const sql = await readFile(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const recorded = done.get(name);
      if (recorded) {
        if (recorded !== checksum) {
          throw new Error(`Migration ${name} was edited after it was applied (checksum differs); add a new migration instead`);
        }
        result.alreadyApplied.push(name);
        continue;
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [id, checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`, { cause: error });
      }
      result.applied.push(name);
    }
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function listMigrations(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && /^\d{14}_/.test(e.name))
    .map((e) => e.name)
    .sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/leadrelay";
  let settings: ReturnType<typeof loadLogSettings>;
  try {
    settings = loadLogSettings();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const { LOG_LEVEL, LOG_FORMAT } = settings;
  const logger = createLogger(LOG_LEVEL, undefined, chooseLogFormat(LOG_FORMAT, process.stdout.isTTY === true));
  const { applied } = await prepareDatabase(url, logger);
  if (!applied.length) logger.info({ database: databaseName(url) }, "database schema is up to date");
}
