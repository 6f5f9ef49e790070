import type { PrismaClient } from "../db/prisma.ts";
import type { SourceContextChanges } from "../intake/source-context-changes.ts";
import { notFound, Refusal } from "../refusal.ts";
import { toDestinationView, type DestinationView } from "./destination-view.ts";

/** An account's destinations, oldest first; `take`: at most that many. */
export async function listDestinations(
  prisma: PrismaClient,
  accountId: string,
  options: { take?: number } = {},
): Promise<DestinationView[]> {
  const rows = await prisma.destination.findMany({
    where: { accountId },
    orderBy: { id: "asc" },
    ...(options.take ? { take: options.take } : {}),
  });
  return rows.map(toDestinationView);
}

export async function getDestination(prisma: PrismaClient, accountId: string, destinationId: string): Promise<DestinationView> {
  const row = await prisma.destination.findFirst({ where: { id: destinationId, accountId } });
  if (!row) throw notFound("destination");
  return toDestinationView(row);
}

/**
 * Deletes a destination that has no delivery still in progress (so no accepted lead is lost).
 * Its recipient steps go with it, so the flows it was attached to are reported as changed.
 */
export async function deleteDestination(
  prisma: PrismaClient,
  accountId: string,
  destinationId: string,
  changes: SourceContextChanges,
): Promise<void> {
  const row = await prisma.destination.findFirst({ where: { id: destinationId, accountId }, select: { id: true } });
  if (!row) throw notFound("destination");
  const open = await prisma.delivery.count({ where: { destinationId, status: { in: ["pending", "retrying", "waiting"] } } });
  if (open) {
    throw new Refusal(
      "conflict",
      "deliveries_in_progress",
      `${open} deliveries to this destination are still in progress: wait for them or fix the destination first`,
    );
  }
  const steps = await prisma.flowStep.findMany({ where: { destinationId }, select: { flowId: true } });
  await prisma.destination.delete({ where: { id: destinationId } });
  await changes.changed(steps.map((step) => step.flowId));
}
