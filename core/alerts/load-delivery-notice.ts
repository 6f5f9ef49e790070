import type { PrismaClient } from "../db/prisma.ts";

/** What the notifier needs to know about a delivery attempt that was just recorded: ids, states and reasons, no lead data. */
export interface DeliveryNotice {
  deliveryId: string;
  leadId: string;
  accountId: string;
  isTest: boolean;
  status: "pending" | "retrying" | "waiting" | "delivered" | "failed";
  /** The delivery's latest reason (for a failed one, the final reason). */
  reason: string | null;
  recordId: string | null;
  destination: { id: string; health: "healthy" | "unhealthy" | "disabled" };
  /** The latest recipient event of the delivery: the attempt being told about. */
  attemptEvent: { id: string; outcome: "success" | "failure" | "error" | "skip"; reason: string | null; ms: number | null } | null;
}

export async function loadDeliveryNotice(prisma: PrismaClient, deliveryId: string): Promise<DeliveryNotice | null> {
  const row = await prisma.delivery.findUnique({
    where: { id: deliveryId },
    select: {
      id: true,
      leadId: true,
      status: true,
      lastReason: true,
      recordId: true,
      lead: { select: { accountId: true, isTest: true } },
      destination: { select: { id: true, health: true } },
      events: {
        where: { type: "recipient" },
        orderBy: { id: "desc" },
        take: 1,
        select: { id: true, outcome: true, reason: true, ms: true },
      },
    },
  });
  if (!row) return null;
  return {
    deliveryId: row.id,
    leadId: row.leadId,
    accountId: row.lead.accountId,
    isTest: row.lead.isTest,
    status: row.status,
    reason: row.lastReason,
    recordId: row.recordId,
    destination: row.destination,
    attemptEvent: row.events[0] ?? null,
  };
}

/** The latest health change of a destination (the `destination` event written when it turned unhealthy or disabled). */
export async function latestHealthEvent(prisma: PrismaClient, destinationId: string) {
  return prisma.event.findFirst({
    where: { destinationId, type: "destination" },
    orderBy: { id: "desc" },
    select: { id: true, accountId: true, reason: true, snapshot: true, createdAt: true },
  });
}
