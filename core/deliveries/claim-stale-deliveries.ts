import type { PrismaClient } from "../db/prisma.ts";

export interface StaleDelivery {
  id: string;
  status: "pending" | "retrying" | "waiting";
  nextAttemptAt: Date | null;
  /** Its lead is a test lead (delivered in the interactive lane). */
  isTest: boolean;
}

/**
 * Deliveries that are not final and have not moved for a while: never enqueued (Redis was down
 * at intake), or whose job vanished (Redis restarted without persistence). Claiming touches
 * `updated_at`, so each one is looked at once per grace period, and SKIP LOCKED lets several
 * sweepers run without taking the same rows. A pending delivery scheduled for later (a replay
 * waiting for its turn, core/replays) is not stale before its time.
 */
export async function claimStaleDeliveries(
  prisma: PrismaClient,
  options: { pendingGraceMs: number; otherGraceMs: number; limit: number },
): Promise<StaleDelivery[]> {
  const rows = await prisma.$queryRaw<
    { id: string; status: StaleDelivery["status"]; next_attempt_at: Date | null; is_test: boolean | null }[]
  >`
    UPDATE deliveries SET updated_at = now()
    WHERE id IN (
      SELECT id FROM deliveries
      WHERE (status = 'pending' AND updated_at < now() - make_interval(secs => ${options.pendingGraceMs / 1000})
             AND (next_attempt_at IS NULL OR next_attempt_at <= now()))
         OR (status IN ('retrying', 'waiting') AND updated_at < now() - make_interval(secs => ${options.otherGraceMs / 1000}))
      ORDER BY updated_at
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, status::text AS status, next_attempt_at, (SELECT is_test FROM leads WHERE leads.id = deliveries.lead_id) AS is_test`;
  return rows.map((row) => ({ id: row.id, status: row.status, nextAttemptAt: row.next_attempt_at, isTest: row.is_test === true }));
}
