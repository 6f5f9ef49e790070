import pg from "pg";
import type { DependencyWatch } from "../dependency-watch.ts";

/**
 * A plain pg pool for the two hot paths (intake writes, delivery attempts), where each lead
 * costs one SQL statement sent as a named prepared statement. Prisma serves everything else.
 */
export type SqlPool = pg.Pool;

export function createSqlPool(databaseUrl: string, max: number, database?: DependencyWatch): SqlPool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (Postgres restart) must not crash the process;
  // the next query gets a fresh connection or a clear error. The DATABASE_URL watch hears of
  // it once (and of the next successful connection).
  pool.on("error", (error: Error) => database?.lost(pool, error));
  pool.on("connect", () => database?.restored(pool));
  return pool;
}
