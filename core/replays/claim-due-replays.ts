import type { Db } from "../db/prisma.ts";

/**
 * Replayed deliveries whose scheduled time has come, taken once (their `next_attempt_at` is
 * cleared, so the next pass does not see them again; SKIP LOCKED lets several feeders run).
 * Oldest schedule first, at most `limit`; only replays asked for in this deployment (`queuePrefix`).
 */
export async function claimDueReplays(db: Db, queuePrefix: string, limit: number): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE deliveries SET next_attempt_at = NULL, updated_at = now()
     WHERE id IN (
       SELECT d.id FROM deliveries d
       WHERE d.replay_id IS NOT NULL AND d.status = 'pending' AND d.next_attempt_at <= now()
         AND d.replay_id IN (SELECT r.id FROM replays r WHERE r.queue_prefix = $2)
       ORDER BY d.next_attempt_at
       LIMIT $1
       FOR UPDATE OF d SKIP LOCKED)
     RETURNING id`,
    limit,
    queuePrefix,
  );
  return rows.map((row) => row.id);
}
