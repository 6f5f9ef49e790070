import type { PrismaClient } from "../db/prisma.ts";
import { toEventView, type EventView } from "../events/event-view.ts";
import { isId } from "../ids.ts";
import type { DeliveryStatus, LeadStatus } from "../../prisma/generated/client.ts";

export interface LeadView {
  id: string;
  flow_id: string;
  source_id: string;
  status: LeadStatus;
  is_test: boolean;
  reason: string | null;
  fields: unknown;
  raw: unknown;
  invalid: string[];
  created_at: string;
  deliveries: {
    id: string;
    destination_id: string;
    status: DeliveryStatus;
    attempts: number;
    last_reason: string | null;
    record_id: string | null;
    next_attempt_at: string | null;
    completed_at: string | null;
  }[];
  events: EventView[];
}

/** One lead of the account with its deliveries and every event in order, or null. */
export async function getLead(prisma: PrismaClient, accountId: string, leadId: string): Promise<LeadView | null> {
  if (!isId(leadId)) return null;
  const lead = await prisma.lead.findFirst({
    where: { id: leadId, accountId },
    include: { deliveries: { orderBy: { createdAt: "asc" } }, events: { orderBy: { id: "asc" } } },
  });
  if (!lead) return null;
  return {
    id: lead.id,
    flow_id: lead.flowId,
    source_id: lead.sourceId,
    status: lead.status,
    is_test: lead.isTest,
    reason: lead.reason,
    fields: lead.fields,
    raw: lead.raw,
    invalid: lead.invalid,
    created_at: lead.createdAt.toISOString(),
    deliveries: lead.deliveries.map((d) => ({
      id: d.id,
      destination_id: d.destinationId,
      status: d.status,
      attempts: d.attempts,
      last_reason: d.lastReason,
      record_id: d.recordId,
      next_attempt_at: d.nextAttemptAt?.toISOString() ?? null,
      completed_at: d.completedAt?.toISOString() ?? null,
    })),
    events: lead.events.map(toEventView),
  };
}
