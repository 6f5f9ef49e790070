import type { Event, EventType, Outcome } from "../../prisma/generated/client.ts";

/** The public shape of an event (API and Slack). Snapshots are already redacted at write time. */
export interface EventView {
  id: string;
  type: EventType;
  outcome: Outcome;
  reason: string | null;
  ms: number | null;
  is_test: boolean;
  lead_id: string | null;
  flow_id: string | null;
  delivery_id: string | null;
  destination_id: string | null;
  attempt: number | null;
  snapshot: unknown;
  created_at: string;
}

export function toEventView(event: Event): EventView {
  return {
    id: event.id,
    type: event.type,
    outcome: event.outcome,
    reason: event.reason,
    ms: event.ms,
    is_test: event.isTest,
    lead_id: event.leadId,
    flow_id: event.flowId,
    delivery_id: event.deliveryId,
    destination_id: event.destinationId,
    attempt: event.attempt,
    snapshot: event.snapshot ?? null,
    created_at: event.createdAt.toISOString(),
  };
}
