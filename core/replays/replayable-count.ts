import type { Db } from "../db/prisma.ts";
import type { ReplayMode } from "./replay-request.ts";

/**
 * How many live leads a replay of `mode` would take now for a destination, in the window, counted
 * up to `max` (what a replay request takes at most): the N of Slack's "Resend N failed leads"
 * and "Deliver the N leads that arrived before this destination". Same conditions as replayLeads.
 */
export async function countReplayable(
  db: Db,
  destinationId: string,
  mode: ReplayMode,
  window: { since: Date; until: Date },
  max: number,
): Promise<number> {
  const sql =
    mode === "failed"
      ? `SELECT count(*)::integer AS count FROM (
           SELECT 1 FROM deliveries d JOIN leads l ON l.id = d.lead_id
           WHERE d.destination_id = $1::uuid AND d.status = 'failed' AND NOT l.is_test
             AND l.created_at >= $2::timestamptz AND l.created_at < $3::timestamptz
           LIMIT $4) x`
      : `SELECT count(*)::integer AS count FROM (
           SELECT 1 FROM leads l
           WHERE l.flow_id IN (SELECT flow_id FROM flow_steps WHERE destination_id = $1::uuid AND enabled)
             AND l.account_id = (SELECT account_id FROM destinations WHERE id = $1::uuid)
             AND l.status <> 'rejected' AND NOT l.is_test
             AND l.created_at >= $2::timestamptz AND l.created_at < $3::timestamptz
             AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.destination_id = $1::uuid)
           LIMIT $4) x`;
  const [row] = await db.$queryRawUnsafe<{ count: number }[]>(sql, destinationId, window.since, window.until, max);
  return row?.count ?? 0;
}
