import type { PrismaClient } from "../db/prisma.ts";
import type { Prisma } from "../db/prisma.ts";
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
}

/**
 * Writes one attempt in one transaction: the recipient event, the delivery row, and, when the
 * delivery is final, a final delivery event and the lead's status (delivered once every delivery
 * is delivered, failed if any failed). The lead row is locked first so two destinations
 * finishing together cannot both miss each other.
 */
export async function recordDeliveryAttempt(prisma: PrismaClient, record: DeliveryAttemptRecord): Promise<void> {
  const final = record.status === "delivered" || record.status === "failed";
  const snapshot = record.snapshot ? JSON.stringify(record.snapshot) : null;
  const statements: Prisma.PrismaPromise<unknown>[] = [];

  if (final) statements.push(prisma.$executeRaw`SELECT 1 FROM leads WHERE id = ${record.leadId}::uuid FOR UPDATE`);
  statements.push(prisma.$executeRaw`
    UPDATE deliveries SET
      status = ${record.status}::"DeliveryStatus",
      attempts = attempts + ${record.counted ? 1 : 0},
      last_reason = ${record.reason},
      record_id = COALESCE(${record.recordId ?? null}, record_id),
      next_attempt_at = ${record.nextAttemptAt ?? null},
      completed_at = ${final ? new Date() : null},
      updated_at = now()
    WHERE id = ${record.deliveryId}::uuid`);
  statements.push(prisma.$executeRaw`
    INSERT INTO events (id, account_id, type, outcome, reason, ms, is_test, lead_id, flow_id, delivery_id, destination_id, attempt, snapshot)
    VALUES (${newId()}::uuid, ${record.accountId}::uuid, 'recipient', ${record.outcome}::"Outcome", ${record.reason}, ${record.ms ?? null},
            ${record.isTest}, ${record.leadId}::uuid, ${record.flowId}::uuid, ${record.deliveryId}::uuid, ${record.destinationId}::uuid,
            ${record.attempt}, ${snapshot}::jsonb)`);
  if (final) {
    const finalOutcome = record.status === "delivered" ? "success" : "failure";
    statements.push(prisma.$executeRaw`
      INSERT INTO events (id, account_id, type, outcome, reason, is_test, lead_id, flow_id, delivery_id, destination_id, attempt)
      VALUES (${newId()}::uuid, ${record.accountId}::uuid, 'delivery', ${finalOutcome}::"Outcome", ${record.reason}, ${record.isTest},
              ${record.leadId}::uuid, ${record.flowId}::uuid, ${record.deliveryId}::uuid, ${record.destinationId}::uuid, ${record.attempt})`);
    statements.push(prisma.$executeRaw`
      UPDATE leads SET
        status = CASE WHEN EXISTS (SELECT 1 FROM deliveries WHERE lead_id = ${record.leadId}::uuid AND status = 'failed')
                      THEN 'failed'::"LeadStatus" ELSE 'delivered'::"LeadStatus" END,
        reason = CASE WHEN ${record.status} = 'failed' THEN ${record.reason} ELSE reason END,
        updated_at = now()
      WHERE id = ${record.leadId}::uuid
        AND NOT EXISTS (SELECT 1 FROM deliveries WHERE lead_id = ${record.leadId}::uuid AND status NOT IN ('delivered', 'failed'))`);
  }
  if (record.destinationHealth) {
    const { health, reason, fix } = record.destinationHealth;
    statements.push(prisma.$executeRaw`
      WITH changed AS (
        UPDATE destinations SET health = ${health}::"DestinationHealth", health_reason = ${reason},
               unhealthy_since = COALESCE(unhealthy_since, now()), updated_at = now()
        WHERE id = ${record.destinationId}::uuid AND health <> ${health}::"DestinationHealth"
        RETURNING id, account_id)
      INSERT INTO events (id, account_id, type, outcome, reason, destination_id, snapshot)
      SELECT ${newId()}::uuid, account_id, 'destination', 'failure', ${reason}, id,
             jsonb_build_object('health', ${health}::text, 'fix', ${fix ?? null}::text)
      FROM changed`);
  }
  await prisma.$transaction(statements);
}
