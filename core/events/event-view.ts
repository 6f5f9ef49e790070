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
  /** An attempt (or the final outcome) of a replayed delivery (POST /destinations/{id}/replay, Slack's Resend). */
  replay: boolean;
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
    replay: isReplaySnapshot(event.snapshot),
    created_at: event.createdAt.toISOString(),
  };
}

function isReplaySnapshot(snapshot: unknown): boolean {
  return typeof snapshot === "object" && snapshot !== null && (snapshot as Record<string, unknown>).replay === true;
}
