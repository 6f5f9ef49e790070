import type { SqlPool } from "../db/sql-pool.ts";
import type { DestinationHealthFacts } from "../destinations/destination-health.ts";

/** A delivery with its lead and destination, as the worker needs it. */
export interface DeliveryToAttempt {
  id: string;
  status: "pending" | "retrying" | "waiting" | "delivered" | "failed";
  attempts: number;
  lead: {
    id: string;
    accountId: string;
    flowId: string;
    isTest: boolean;
    /** A test lead only: its account has a Slack conversation its result can be posted to (read with the delivery, no extra query). */
    hasSlackThread: boolean;
    fields: Record<string, unknown>;
    raw: Record<string, unknown>;
  };
  destination: DestinationHealthFacts & {
    id: string;
    integration: string;
    name: string;
    action: string;
    authMethod: string | null;
    /** The stored jsonb as text: parsed and checked once per distinct text (destination-config.ts). */
    settingsText: string;
    mappingsText: string;
    credentials: string | null;
  };
}

const LOAD_DELIVERY = `
  SELECT d.id, d.status::text AS status, d.attempts,
         l.id AS lead_id, l.account_id, l.flow_id, l.is_test, l.fields, l.raw,
         l.is_test AND EXISTS (SELECT 1 FROM slack_threads s WHERE s.account_id = l.account_id) AS has_slack_thread,
         t.id AS destination_id, t.integration, t.name, t.action, t.auth_method, t.settings::text AS settings_text, t.mappings::text AS mappings_text,
         t.credentials, t.health::text AS health, t.health_reason, t.failing_since
  FROM deliveries d
  JOIN leads l ON l.id = d.lead_id
  JOIN destinations t ON t.id = d.destination_id
  WHERE d.id = ANY($1::uuid[])`;

/** Loads a batch of deliveries in one query; null for an id that no longer exists. */
export async function loadDeliveries(sql: SqlPool, deliveryIds: string[]): Promise<(DeliveryToAttempt | null)[]> {
  const { rows } = await sql.query({ name: "delivery_load", text: LOAD_DELIVERY, values: [deliveryIds] });
  const byId = new Map(rows.map((row) => [row.id as string, toDelivery(row)]));
  return deliveryIds.map((id) => byId.get(id) ?? null);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a pg row, typed by the SELECT above
function toDelivery(row: any): DeliveryToAttempt {
  return {
    id: row.id,
    status: row.status,
    attempts: row.attempts,
    lead: {
      id: row.lead_id,
      accountId: row.account_id,
      flowId: row.flow_id,
      isTest: row.is_test,
      hasSlackThread: row.has_slack_thread === true,
      fields: row.fields,
      raw: row.raw,
    },
    destination: {
      id: row.destination_id,
      integration: row.integration,
      name: row.name,
      action: row.action,
      authMethod: row.auth_method,
      settingsText: row.settings_text,
      mappingsText: row.mappings_text,
      credentials: row.credentials,
      health: row.health,
      healthReason: row.health_reason,
      failingSince: row.failing_since,
    },
  };
}
