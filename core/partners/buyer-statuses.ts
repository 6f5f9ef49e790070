import type { PrismaClient } from "../db/prisma.ts";

/** How far an invited buyer has got, in the order a buyer gets there. */
export type BuyerStage = "invited" | "invitation_expired" | "accepted" | "destination_connected" | "lead_delivered";

export interface BuyerStatus {
  /** The invited email (pending invitations) or the buyer account's name (connections). */
  buyer: string;
  stage: BuyerStage;
  /** A connection's own status: leads are refused while it is paused or ended. */
  connectionStatus: "active" | "paused" | "ended" | null;
  /** invited: when it expires; accepted: when; lead_delivered: when the first lead was delivered. */
  at: Date | null;
  /** lead_delivered: whether only test leads have been delivered so far. */
  onlyTestLeads: boolean;
}

/** At most this many rows are shown (newest first): a list in Slack, not a report. */
export const BUYER_STATUS_LIMIT = 25;

/**
 * A seller's buyers and how far each has got: invited (not accepted yet, or expired), accepted,
 * a destination connected to the flow the seller posts into, the first lead delivered. What the
 * seller may see of a buyer is only this: never the destination's name, kind or settings.
 */
export async function listBuyerStatuses(
  prisma: PrismaClient,
  sellerAccountId: string,
  now = new Date(),
): Promise<{ statuses: BuyerStatus[]; more: boolean }> {
  const [connections, invitations] = await Promise.all([
    prisma.connection.findMany({
      where: { sellerAccountId },
      orderBy: { createdAt: "desc" },
      take: BUYER_STATUS_LIMIT + 1,
      select: {
        status: true,
        createdAt: true,
        sourceId: true,
        flowId: true,
        buyer: { select: { name: true } },
        flow: { select: { steps: { where: { enabled: true }, select: { id: true }, take: 1 } } },
      },
    }),
    prisma.invitation.findMany({
      where: { sellerAccountId, status: "pending" },
      orderBy: { createdAt: "desc" },
      take: BUYER_STATUS_LIMIT + 1,
      select: { email: true, expiresAt: true, createdAt: true },
    }),
  ]);
  const connected = await Promise.all(
    connections.map(async (connection) => {
      const delivered =
        connection.sourceId && connection.flowId ? await firstDelivered(prisma, connection.flowId, connection.sourceId) : null;
      const stage: BuyerStage = delivered ? "lead_delivered" : connection.flow?.steps.length ? "destination_connected" : "accepted";
      return {
        sortAt: connection.createdAt,
        status: {
          buyer: connection.buyer.name,
          stage,
          connectionStatus: connection.status,
          at: delivered?.at ?? connection.createdAt,
          onlyTestLeads: delivered?.onlyTest ?? false,
        },
      };
    }),
  );
  const invited = invitations.map((invitation) => ({
    sortAt: invitation.createdAt,
    status: {
      buyer: invitation.email,
      stage: invitation.expiresAt > now ? ("invited" as const) : ("invitation_expired" as const),
      connectionStatus: null,
      at: invitation.expiresAt,
      onlyTestLeads: false,
    },
  }));
  const all = [...connected, ...invited].sort((a, b) => b.sortAt.getTime() - a.sortAt.getTime());
  return { statuses: all.slice(0, BUYER_STATUS_LIMIT).map((row) => row.status), more: all.length > BUYER_STATUS_LIMIT };
}

/**
 * When the first lead through this source was delivered, and whether a live one ever was. Leads
 * are read on their (flow_id, created_at) index, oldest first, so this stops at the first match.
 */
async function firstDelivered(prisma: PrismaClient, flowId: string, sourceId: string): Promise<{ at: Date; onlyTest: boolean } | null> {
  const delivered = { flowId, sourceId, status: "delivered" as const };
  const [first, live] = await Promise.all([
    prisma.lead.findFirst({ where: delivered, orderBy: { createdAt: "asc" }, select: { updatedAt: true } }),
    prisma.lead.findFirst({ where: { ...delivered, isTest: false }, orderBy: { createdAt: "asc" }, select: { id: true } }),
  ]);
  return first ? { at: first.updatedAt, onlyTest: !live } : null;
}
