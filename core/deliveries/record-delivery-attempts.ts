import type { SqlPool } from "../db/sql-pool.ts";
import { storableJsonText, storableText } from "../db/storable-text.ts";
import { newId } from "../ids.ts";
import type { FailingStreak, HealthChange } from "../destinations/destination-health.ts";
import type { ExchangeSnapshot } from "../integrations/integration.ts";

export interface DeliveryAttemptRecord {
  deliveryId: string;
  leadId: string;
  accountId: string;
  flowId: string;
  destinationId: string;
  isTest: boolean;
  attempt: number;
  status: "retrying" | "waiting" | "delivered" | "failed";
  outcome: "success" | "failure" | "error" | "skip";
  reason: string | null;
  ms?: number;
  recordId?: string | null;
  snapshot?: ExchangeSnapshot;
  nextAttemptAt?: Date;
  /** False when nothing was sent (destination unhealthy or disabled): the attempt count stays. */
  counted: boolean;
  /** The destination's new health, as destination-health.ts decides it. */
  destinationHealth?: HealthChange;
  /** A retryable failure starts (or continues) the destination's failing streak; a success ends it (destination-health.ts). */
  failingStreak?: FailingStreak;
}

/**
 * Records a batch of attempts in ONE statement. Per attempt: the delivery row (only if it is
 * not final already, so a replay can never count twice) and its recipient event (with
 * `replay: true` in its snapshot when the delivery was replayed, core/replays); when final,
 * the final delivery event and the lead (its open-delivery counter and status, settled by the
 * row lock of that UPDATE, so two destinations finishing together cannot miss each other). Per
 * destination: the failing streak and a health change with its `destination` event. Which streak
 * and which health are core/destinations/destination-health.ts's transitions, decided per attempt
 * (decide-delivery.ts); this statement only applies them to the stored row: a health change
 * replaces the streak update, is written only when the health differs, and keeps the first
 * `unhealthy_since`.
 */
const RECORD_ATTEMPTS = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::timestamptz[], $7::uuid[], $8::uuid[],
                         $9::text[], $10::integer[], $11::boolean[], $12::uuid[], $13::uuid[], $14::integer[], $15::jsonb[], $16::uuid[],
                         $17::text[], $18::text[], $19::text[], $20::text[], $21::uuid[], $22::text[])
      AS i(delivery_id, status, inc, reason, record_id, next_attempt_at, event_id, account_id,
           outcome, ms, is_test, flow_id, destination_id, attempt, snapshot, final_event_id,
           streak, health, health_reason, health_fix, health_event_id, health_cause)
  ), updated AS (
    UPDATE deliveries d SET
      status = i.status::"DeliveryStatus",
      attempts = d.attempts + i.inc,
      last_reason = i.reason,
      record_id = COALESCE(i.record_id, d.record_id),
      next_attempt_at = i.next_attempt_at,
      completed_at = CASE WHEN i.status IN ('delivered', 'failed') THEN now() END,
      updated_at = now()
    FROM input i
    WHERE d.id = i.delivery_id AND d.status NOT IN ('delivered', 'failed')
    RETURNING d.id, d.lead_id, d.replay_id
  ), recorded AS (
    SELECT i.*, u.lead_id, u.replay_id FROM input i JOIN updated u ON u.id = i.delivery_id
  ), attempt_events AS (
    INSERT INTO events (id, account_id, type, outcome, reason, ms, is_test, lead_id, flow_id, delivery_id, destination_id, attempt, snapshot)
    SELECT event_id, account_id, 'recipient', outcome::"Outcome", reason, ms, is_test, lead_id, flow_id, delivery_id, destination_id, attempt,
           CASE WHEN replay_id IS NULL THEN snapshot ELSE COALESCE(snapshot, '{}'::jsonb) || jsonb_build_object('replay', true, 'replay_id', replay_id) END
    FROM recorded
  ), final_events AS (
    INSERT INTO events (id, account_id, type, outcome, reason, is_test, lead_id, flow_id, delivery_id, destination_id, attempt, snapshot)
    SELECT final_event_id, account_id, 'delivery', (CASE WHEN status = 'delivered' THEN 'success' ELSE 'failure' END)::"Outcome",
           reason, is_test, lead_id, flow_id, delivery_id, destination_id, attempt,
           CASE WHEN replay_id IS NOT NULL THEN jsonb_build_object('replay', true, 'replay_id', replay_id) END
    FROM recorded WHERE status IN ('delivered', 'failed')
  ), settled_leads AS (
    UPDATE leads l SET
      open_deliveries = GREATEST(l.open_deliveries - f.finals, 0),
      status = (CASE
        WHEN f.failed_reason IS NOT NULL THEN 'failed'
        WHEN l.status = 'accepted' AND l.open_deliveries <= f.finals THEN 'delivered'
        ELSE l.status::text END)::"LeadStatus",
      reason = COALESCE(f.failed_reason, l.reason),
      updated_at = now()
    FROM (SELECT lead_id, count(*)::integer AS finals, max(reason) FILTER (WHERE status = 'failed') AS failed_reason
          FROM recorded WHERE status IN ('delivered', 'failed') GROUP BY lead_id) f
    WHERE l.id = f.lead_id
  ), streaks AS (
    -- destination-health.ts failingStreakAfter: 'continue' starts the streak when none runs, 'end' ends it
    UPDATE destinations t SET failing_since = CASE WHEN s.streak = 'end' THEN NULL ELSE COALESCE(t.failing_since, now()) END
    FROM (SELECT DISTINCT ON (destination_id) destination_id, streak FROM recorded WHERE streak IS NOT NULL AND health IS NULL ORDER BY destination_id) s
    WHERE t.id = s.destination_id
      AND ((s.streak = 'end' AND t.failing_since IS NOT NULL) OR (s.streak = 'continue' AND t.failing_since IS NULL))
  ), health_changes AS (
    -- destination-health.ts HealthChange: unhealthyAfterFailing, unhealthyForCredentials, disabledByDestination
    UPDATE destinations t SET health = h.health::"DestinationHealth", health_reason = h.health_reason,
           unhealthy_since = COALESCE(t.unhealthy_since, now()), updated_at = now()
    FROM (SELECT DISTINCT ON (destination_id) destination_id, health, health_reason, health_fix, health_event_id, health_cause
          FROM recorded WHERE health IS NOT NULL ORDER BY destination_id) h
    WHERE t.id = h.destination_id AND t.health::text <> h.health
    RETURNING t.id, t.account_id, h.health, h.health_reason, h.health_fix, h.health_event_id, h.health_cause
  ), health_events AS (
    INSERT INTO events (id, account_id, type, outcome, reason, destination_id, snapshot)
    SELECT health_event_id, account_id, 'destination', 'failure', health_reason, id, jsonb_build_object('health', health, 'fix', health_fix, 'cause', health_cause)
    FROM health_changes
  )
  SELECT delivery_id FROM recorded`;

/** Returns, per record, whether it was written (false: the delivery was already final). */
export async function recordDeliveryAttempts(sql: SqlPool, records: DeliveryAttemptRecord[]): Promise<boolean[]> {
  const column = <T>(pick: (r: DeliveryAttemptRecord) => T) => records.map(pick);
  const { rows } = await sql.query<{ delivery_id: string }>({
    name: "delivery_record_attempts",
    text: RECORD_ATTEMPTS,
    values: [
      column((r) => r.deliveryId),
      column((r) => r.status),
      column((r) => (r.counted ? 1 : 0)),
      column((r) => storableText(r.reason)),
      column((r) => storableText(r.recordId ?? null)),
      column((r) => r.nextAttemptAt ?? null),
      column(() => newId()),
      column((r) => r.accountId),
      column((r) => r.outcome),
      column((r) => r.ms ?? null),
      column((r) => r.isTest),
      column((r) => r.flowId),
      column((r) => r.destinationId),
      column((r) => r.attempt),
      column((r) => (r.snapshot ? storableJsonText(JSON.stringify(r.snapshot)) : null)),
      // Ids only for the rows that will be written: a final event for a final status, a health event for a health change.
      column((r) => (r.status === "delivered" || r.status === "failed" ? newId() : null)),
      column((r) => r.failingStreak ?? null),
      column((r) => r.destinationHealth?.health ?? null),
      column((r) => storableText(r.destinationHealth?.reason ?? null)),
      column((r) => storableText(r.destinationHealth?.fix ?? null)),
      column((r) => (r.destinationHealth ? newId() : null)),
      column((r) => r.destinationHealth?.cause ?? null),
    ],
  });
  const written = new Set(rows.map((row) => row.delivery_id));
  return records.map((r) => written.has(r.deliveryId));
}
