import type { PrismaClient } from "../db/prisma.ts";
import { toEventView, type EventView } from "../events/event-view.ts";
import { BUYER_HIDDEN_EVENT_TYPES } from "../events/list-events.ts";
import { findIntegration } from "../integrations/registry.ts";
import { submitUrl } from "../sources/create-source.ts";

export interface OverviewConnection {
  id: string;
  status: "active" | "paused" | "ended";
  role: "seller" | "buyer";
  /** The other side's name. */
  partner: string;
  flow: { id: string; name: string; hasDestination: boolean } | null;
  /** As a buyer: where the seller posts (the posting key is the seller's alone). */
  submitUrl: string | null;
}

export interface OverviewDestination {
  id: string;
  name: string;
  integration: string;
  /** The integration's display name ("HubSpot"), the id when it is no longer registered. */
  integrationName: string;
  health: "healthy" | "unhealthy" | "disabled";
  healthReason: string | null;
  lastDelivery: { status: string; at: string; reason: string | null; isTest: boolean } | null;
}

/** What the account should do next, when onboarding is unfinished. */
export type NextStep =
  | { kind: "create_destination"; flowId: string | null; sellerName: string }
  | { kind: "fix_destination"; destinationId: string; destinationName: string; reason: string | null }
  | { kind: "send_test_lead"; destinationId: string; destinationName: string }
  | { kind: "connect" };

export interface AccountOverview {
  account: { id: string; name: string; plan: "partner" | "paid" };
  connections: OverviewConnection[];
  destinations: OverviewDestination[];
  recentEvents: EventView[];
  nextStep: NextStep | null;
}

/** One read of an account for the Slack App Home and `/leadrelay status`. */
export async function accountOverview(
  prisma: PrismaClient,
  accountId: string,
  publicUrl: string,
  eventLimit = 5,
): Promise<AccountOverview> {
  const [account, connections, destinations, events] = await Promise.all([
    prisma.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, name: true, plan: true } }),
    prisma.connection.findMany({
      where: { OR: [{ sellerAccountId: accountId }, { buyerAccountId: accountId }], status: { not: "ended" } },
      include: {
        seller: { select: { name: true } },
        buyer: { select: { name: true } },
        flow: { select: { id: true, name: true, steps: { where: { enabled: true }, select: { id: true }, take: 1 } } },
      },
      orderBy: { id: "desc" },
      take: 20,
    }),
    prisma.destination.findMany({ where: { accountId }, orderBy: { id: "asc" }, take: 20 }),
    prisma.event.findMany({
      where: { accountId, type: { notIn: [...BUYER_HIDDEN_EVENT_TYPES] } },
      orderBy: { id: "desc" },
      take: eventLimit,
    }),
  ]);
  const lastDeliveries = await Promise.all(
    destinations.map((destination) =>
      prisma.delivery.findFirst({
        where: { destinationId: destination.id },
        orderBy: { updatedAt: "desc" },
        include: { lead: { select: { isTest: true } } },
      }),
    ),
  );
  const delivered = destinations.length
    ? await prisma.event.findFirst({ where: { accountId, type: "recipient", outcome: "success" }, select: { id: true } })
    : null;

  const overviewConnections: OverviewConnection[] = connections.map((connection) => {
    const role = connection.sellerAccountId === accountId ? "seller" : "buyer";
    return {
      id: connection.id,
      status: connection.status,
      role,
      partner: role === "seller" ? connection.buyer.name : connection.seller.name,
      flow: connection.flow
        ? { id: connection.flow.id, name: connection.flow.name, hasDestination: connection.flow.steps.length > 0 }
        : null,
      submitUrl:
        role === "buyer" && connection.flowId && connection.sourceId ? submitUrl(publicUrl, connection.flowId, connection.sourceId) : null,
    };
  });
  const overviewDestinations: OverviewDestination[] = destinations.map((destination, index) => {
    const last = lastDeliveries[index];
    return {
      id: destination.id,
      name: destination.name,
      integration: destination.integration,
      integrationName: findIntegration(destination.integration)?.name ?? destination.integration,
      health: destination.health,
      healthReason: destination.healthReason,
      lastDelivery: last
        ? { status: last.status, at: last.updatedAt.toISOString(), reason: last.lastReason, isTest: last.lead.isTest }
        : null,
    };
  });

  let nextStep: NextStep | null = null;
  const bare = overviewConnections.find(
    (connection) => connection.role === "buyer" && connection.status === "active" && connection.flow && !connection.flow.hasDestination,
  );
  const broken = overviewDestinations.find((destination) => destination.health !== "healthy");
  if (bare) nextStep = { kind: "create_destination", flowId: account.plan === "paid" ? bare.flow!.id : null, sellerName: bare.partner };
  else if (broken)
    nextStep = { kind: "fix_destination", destinationId: broken.id, destinationName: broken.name, reason: broken.healthReason };
  else if (overviewDestinations.length && !delivered)
    nextStep = { kind: "send_test_lead", destinationId: overviewDestinations[0]!.id, destinationName: overviewDestinations[0]!.name };
  else if (!overviewConnections.length) nextStep = { kind: "connect" };

  return { account, connections: overviewConnections, destinations: overviewDestinations, recentEvents: events.map(toEventView), nextStep };
}
