import type { SqlPool } from "../db/sql-pool.ts";
import { newId } from "../ids.ts";
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
  destinationHealth?: { health: "unhealthy" | "disabled"; reason: string; fix?: string };
  /** A retryable failure starts (or continues) the destination's failing streak; a success ends it. */
  failingStreak?: "continue" | "end";
}

/**
 * One attempt in ONE statement: the delivery row (only if it is not final already, so a replay
 * can never count twice), its recipient event, and when final the final delivery event and the
 * lead (its open-delivery counter and status, settled by the row lock of that UPDATE, so two
 * destinations finishing together cannot miss each other), plus a destination health change.
 */
const RECORD_ATTEMPT = `
  WITH updated AS (
    UPDATE deliveries SET
      status = $2::"DeliveryStatus",
      attempts = attempts + $3::integer,
      last_reason = $4::text,
      record_id = COALESCE($5::text, record_id),
      next_attempt_at = $6::timestamptz,
      completed_at = CASE WHEN $2::text IN ('delivered', 'failed') THEN now() END,
      updated_at = now()
    WHERE id = $1::uuid AND status NOT IN ('delivered', 'failed')
    RETURNING id, lead_id
  ), attempt_event AS (
    INSERT INTO events (id, account_id, type, outcome, reason, ms, is_test, lead_id, flow_id, delivery_id, destination_id, attempt, snapshot)
    SELECT $7::uuid, $8::uuid, 'recipient', $9::"Outcome", $4::text, $10::integer, $11::boolean, lead_id, $12::uuid, id, $13::uuid, $14::integer, $15::jsonb
    FROM updated
  ), final_event AS (
    INSERT INTO events (id, account_id, type, outcome, reason, is_test, lead_id, flow_id, delivery_id, destination_id, attempt)
    SELECT $16::uuid, $8::uuid, 'delivery', (CASE WHEN $2::text = 'delivered' THEN 'success' ELSE 'failure' END)::"Outcome",
           $4::text, $11::boolean, lead_id, $12::uuid, id, $13::uuid, $14::integer
    FROM updated WHERE $2::text IN ('delivered', 'failed')
  ), settled_lead AS (
    UPDATE leads SET
      open_deliveries = GREATEST(open_deliveries - 1, 0),
      status = (CASE
        WHEN $2::text = 'failed' THEN 'failed'
        WHEN status = 'accepted' AND open_deliveries <= 1 THEN 'delivered'
        ELSE status::text END)::"LeadStatus",
      reason = CASE WHEN $2::text = 'failed' THEN $4::text ELSE reason END,
      updated_at = now()
    FROM updated
    WHERE leads.id = updated.lead_id AND $2::text IN ('delivered', 'failed')
  ), failing_streak AS (
    UPDATE destinations SET failing_since = CASE WHEN $21::text = 'end' THEN NULL ELSE COALESCE(failing_since, now()) END
    WHERE id = $13::uuid AND EXISTS (SELECT 1 FROM updated)
      AND (($21::text = 'end' AND failing_since IS NOT NULL) OR ($21::text = 'continue' AND failing_since IS NULL))
  ), health_change AS (
    UPDATE destinations SET health = $17::"DestinationHealth", health_reason = $18::text,
           unhealthy_since = COALESCE(unhealthy_since, now()), updated_at = now()
    WHERE id = $13::uuid AND $17::text IS NOT NULL AND health::text <> $17::text AND EXISTS (SELECT 1 FROM updated)
    RETURNING id, account_id
  ), health_event AS (
    INSERT INTO events (id, account_id, type, outcome, reason, destination_id, snapshot)
    SELECT $19::uuid, account_id, 'destination', 'failure', $18::text, id,
           jsonb_build_object('health', $17::text, 'fix', $20::text)
    FROM health_change
  )
  SELECT count(*)::integer AS recorded FROM updated`;

/** Returns false when the delivery was already final (nothing was written). */
export async function recordDeliveryAttempt(sql: SqlPool, record: DeliveryAttemptRecord): Promise<boolean> {
  const health = record.destinationHealth;
  const { rows } = await sql.query({
    name: "delivery_record_attempt",
    text: RECORD_ATTEMPT,
    values: [
      record.deliveryId,
      record.status,
      record.counted ? 1 : 0,
      record.reason,
      record.recordId ?? null,
      record.nextAttemptAt ?? null,
      newId(),
      record.accountId,
      record.outcome,
      record.ms ?? null,
      record.isTest,
      record.flowId,
      record.destinationId,
      record.attempt,
      record.snapshot ? JSON.stringify(record.snapshot) : null,
      newId(),
      health?.health ?? null,
      health?.reason ?? null,
      newId(),
      health?.fix ?? null,
      record.failingStreak ?? null,
    ],
  });
  return (rows[0] as { recorded: number }).recorded > 0;
}
