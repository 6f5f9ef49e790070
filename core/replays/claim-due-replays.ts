import type { Db } from "../db/prisma.ts";

/**
 * Replayed deliveries whose scheduled time has come, taken once (their `next_attempt_at` is
 * cleared, so the next pass does not see them again; SKIP LOCKED lets several feeders run).
 * Oldest schedule first, at most `limit`.
 */
export async function claimDueReplays(db: Db, limit: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE deliveries SET next_attempt_at = NULL, updated_at = now()
     WHERE id IN (
       SELECT id FROM deliveries
       WHERE replay_id IS NOT NULL AND status = 'pending' AND next_attempt_at <= now()
       ORDER BY next_attempt_at
       LIMIT $1
       FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    limit,
  );
  return rows.map((row) => row.id);
}
