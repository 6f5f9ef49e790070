import type { PrismaClient } from "../db/prisma.ts";

/** What a channel is told about: a burst of failed or delivered leads, or a destination's health. */
export type AlertKind = "failure" | "success" | "health";

/** `failures` channels get failures and unhealthy destinations; `all` channels get successes too. */
export function levelWants(level: "all" | "failures", kind: AlertKind): boolean {
  return kind !== "success" || level === "all";
}

/** The active subscriptions of an account that want this kind of alert. */
export async function alertAudience(prisma: PrismaClient, accountId: string, kind: AlertKind) {
  const rows = await prisma.alertSubscription.findMany({
    where: { accountId, status: "active" },
    select: { id: true, teamId: true, channelId: true, level: true },
    orderBy: { id: "asc" },
  });
  return rows.filter((row) => levelWants(row.level, kind));
}

/** An account's active subscriptions (one per channel), ids and levels: who hears which kind. */
export async function activeSubscriptions(prisma: PrismaClient, accountId: string): Promise<{ id: string; level: "all" | "failures" }[]> {
  return prisma.alertSubscription.findMany({
    where: { accountId, status: "active" },
    select: { id: true, level: true },
    orderBy: { id: "asc" },
  });
}
