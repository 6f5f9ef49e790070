import pg from "pg";

/**
 * A plain pg pool for the two hot paths (intake writes, delivery attempts), where each lead
 * costs one SQL statement sent as a named prepared statement. Prisma serves everything else.
 */
export type SqlPool = pg.Pool;

export function createSqlPool(databaseUrl: string, max: number): SqlPool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (Postgres restart) must not crash the process;
  // the next query gets a fresh connection or a clear error.
  pool.on("error", () => undefined);
  return pool;
}
