import type { Prisma } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { notFound, Refusal } from "../refusal.ts";
import type { ReplayDeps } from "./replay-deps.ts";
import { REPLAY_MAX_WINDOW_DAYS, type ReplaySelection } from "./replay-request.ts";

export interface ReplayResult {
  /** null when nothing was replayed (no replay is recorded then). */
  replayId: string | null;
  replayed: number;
}

/** Prisma's default 5 s would abort a large replay (or one queued behind another on the lock) on a busy database. */
const REPLAY_TRANSACTION = { timeout: 60_000, maxWait: 10_000 };

/**
 * Asks for leads to be delivered again to one of the account's destinations, as a new attempt
 * series of each (attempts counted from 1 again, each recorded with `replay: true`):
 *
 * - `failed`: leads whose delivery to it failed for good. The delivery row goes back to
 *   `pending` only if it is still `failed` at that moment (the row lock decides), so a lead
 *   being replayed, or already delivered, is never sent twice however often this is asked.
 * - `undelivered`: leads of the flows it is attached to that have no delivery to it; the new
 *   delivery row is unique per (lead, destination), so two requests cannot both add it.
 * - `leadIds`: those of the account's leads that are one of the above; any other id (unknown,
 *   another account's, delivered, rejected) is skipped without saying which.
 *
 * Window modes take live leads only (test leads have Retry), the oldest first, at most
 * `maxLeads`. Nothing is sent from here: each delivery gets a `next_attempt_at` spaced at
 * `ratePerSecond` after the destination's earlier replays, and the replay feeder (jobs/) hands
 * them to the bulk lane when due, so a large replay never crowds out live or test leads.
 */
export async function replayLeads(
  deps: ReplayDeps,
  accountId: string,
  destinationId: string,
  selection: ReplaySelection,
  now = new Date(),
): Promise<ReplayResult> {
  if ("mode" in selection) checkWindow(selection.since, selection.until);
  const destination = await deps.prisma.destination.findFirst({ where: { id: destinationId, accountId }, select: { id: true } });
  if (!destination) throw notFound("destination");
  const kind = "mode" in selection ? selection.mode : "lead_ids";
  const stepMs = 1_000 / deps.ratePerSecond;

  return deps.prisma.$transaction(async (tx) => {
    // One replay of a destination at a time: its schedule continues where the previous one ends.
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtextextended('leadrelay:replay:' || $1, 0))`, destinationId);
    const [scheduled] = await tx.$queryRawUnsafe<{ start: Date | null }[]>(
      `SELECT GREATEST($2::timestamptz, max(next_attempt_at) + make_interval(secs => $3::double precision / 1000)) AS start
       FROM deliveries WHERE destination_id = $1::uuid AND replay_id IS NOT NULL AND status = 'pending'`,
      destinationId,
      now,
      stepMs,
    );
    const replayId = newId();
    await tx.replay.create({ data: { id: replayId, accountId, destinationId, kind, deliveryIds: [], queuePrefix: deps.queuePrefix } });
    const claim = { tx, accountId, destinationId, replayId, start: scheduled?.start ?? now, stepMs, limit: deps.maxLeads };
    const byIds = "leadIds" in selection;
    const reset = byIds || selection.mode === "failed" ? await resetFailed(claim, selection, 0) : [];
    const added = byIds || selection.mode === "undelivered" ? await addMissing(claim, selection, reset.length) : [];
    const deliveryIds = [...reset, ...added];
    if (!deliveryIds.length) {
      await tx.replay.delete({ where: { id: replayId } });
      return { replayId: null, replayed: 0 };
    }
    await tx.replay.update({ where: { id: replayId }, data: { deliveryIds } });
    return { replayId, replayed: deliveryIds.length };
  }, REPLAY_TRANSACTION);
}

/** 422 for a window that cannot mean anything (the shape is the schema's job). */
function checkWindow(since: Date, until: Date): void {
  if (!(since.getTime() < until.getTime())) {
    throw new Refusal("invalid", "invalid_replay_window", "`since` must be before `until`", {
      since: since.toISOString(),
      until: until.toISOString(),
    });
  }
  if (until.getTime() - since.getTime() > REPLAY_MAX_WINDOW_DAYS * 86_400_000) {
    throw new Refusal(
      "invalid",
      "invalid_replay_window",
      `The window may span at most ${REPLAY_MAX_WINDOW_DAYS} days: replay a longer period in several requests`,
      { max_days: REPLAY_MAX_WINDOW_DAYS },
    );
  }
}

interface Claim {
  tx: Prisma.TransactionClient;
  accountId: string;
  destinationId: string;
  replayId: string;
  start: Date;
  stepMs: number;
  limit: number;
}

/** Which leads: a window of live leads, or the ids given; its parameters are numbered from `first`. */
function leadFilter(selection: ReplaySelection, first: number): { sql: string; values: unknown[] } {
  if ("leadIds" in selection) return { sql: `l.id = ANY($${first}::uuid[])`, values: [selection.leadIds] };
  return {
    sql: `NOT l.is_test AND l.created_at >= $${first}::timestamptz AND l.created_at < $${first + 1}::timestamptz`,
    values: [selection.since, selection.until],
  };
}

/** Failed deliveries back to `pending` (one statement: claim, schedule, reopen their leads). */
async function resetFailed(claim: Claim, selection: ReplaySelection, offset: number): Promise<string[]> {
  const filter = leadFilter(selection, 4);
  const n = filter.values.length;
  const rows = await claim.tx.$queryRawUnsafe<{ id: string }[]>(
    `WITH candidates AS (
       SELECT d.id, l.created_at
       FROM deliveries d JOIN leads l ON l.id = d.lead_id
       WHERE d.destination_id = $1::uuid AND d.status = 'failed' AND l.account_id = $2::uuid AND ${filter.sql}
       ORDER BY l.created_at, d.id
       LIMIT $${n + 7}
       FOR UPDATE OF d SKIP LOCKED
     ), numbered AS (
       SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 + $${n + 6}::integer AS position FROM candidates
     ), claimed AS (
       UPDATE deliveries d SET
         status = 'pending', attempts = 0, last_reason = NULL, completed_at = NULL, replay_id = $3::uuid,
         next_attempt_at = $${n + 4}::timestamptz + make_interval(secs => numbered.position * $${n + 5}::double precision / 1000),
         updated_at = now()
       FROM numbered
       WHERE d.id = numbered.id AND d.status = 'failed'
       RETURNING d.id, d.lead_id
     ), reopened AS (
       UPDATE leads l SET
         open_deliveries = l.open_deliveries + c.count,
         status = (CASE WHEN l.status IN ('failed', 'delivered') AND NOT EXISTS (
                     SELECT 1 FROM deliveries o WHERE o.lead_id = l.id AND o.status = 'failed' AND o.id NOT IN (SELECT id FROM claimed))
                   THEN 'accepted' ELSE l.status::text END)::"LeadStatus",
         updated_at = now()
       FROM (SELECT lead_id, count(*)::integer AS count FROM claimed GROUP BY lead_id) c
       WHERE l.id = c.lead_id
     )
     SELECT id FROM claimed`,
    claim.destinationId,
    claim.accountId,
    claim.replayId,
    ...filter.values,
    claim.start,
    claim.stepMs,
    offset,
    claim.limit,
  );
  return rows.map((row) => row.id);
}

/** New deliveries for leads of the attached flows that have none to this destination. */
async function addMissing(claim: Claim, selection: ReplaySelection, offset: number): Promise<string[]> {
  if (offset >= claim.limit) return [];
  const filter = leadFilter(selection, 3);
  const n = filter.values.length;
  const candidates = await claim.tx.$queryRawUnsafe<{ id: string }[]>(
    `SELECT l.id FROM leads l
     WHERE l.flow_id IN (SELECT flow_id FROM flow_steps WHERE destination_id = $1::uuid AND enabled)
       AND l.account_id = $2::uuid AND l.status <> 'rejected' AND ${filter.sql}
       AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.lead_id = l.id AND d.destination_id = $1::uuid)
     ORDER BY l.created_at, l.id
     LIMIT $${n + 3}`,
    claim.destinationId,
    claim.accountId,
    ...filter.values,
    claim.limit - offset,
  );
  if (!candidates.length) return [];
  const leadIds = candidates.map((row) => row.id);
  const ids = leadIds.map(() => newId());
  const rows = await claim.tx.$queryRawUnsafe<{ id: string }[]>(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS i(id, lead_id, position)
     ), added AS (
       INSERT INTO deliveries (id, lead_id, destination_id, status, replay_id, next_attempt_at, updated_at)
       SELECT i.id, i.lead_id, $3::uuid, 'pending', $4::uuid,
              $5::timestamptz + make_interval(secs => (i.position - 1 + $7::integer) * $6::double precision / 1000), now()
       FROM input i
       ON CONFLICT (lead_id, destination_id) DO NOTHING
       RETURNING id, lead_id
     ), reopened AS (
       UPDATE leads l SET
         open_deliveries = l.open_deliveries + 1,
         status = (CASE WHEN l.status = 'delivered' THEN 'accepted' ELSE l.status::text END)::"LeadStatus",
         updated_at = now()
       FROM added a WHERE l.id = a.lead_id
     )
     SELECT id FROM added`,
    ids,
    leadIds,
    claim.destinationId,
    claim.replayId,
    claim.start,
    claim.stepMs,
    offset,
  );
  return rows.map((row) => row.id);
}
