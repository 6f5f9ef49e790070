import type { Db } from "../db/prisma.ts";

export interface ReplayOutcome {
  replayId: string;
  kind: string;
  accountId: string;
  destinationId: string;
  thread: { teamId: string; channelId: string; threadTs: string } | null;
  total: number;
  delivered: number;
  failed: number;
  /** Not final yet (pending, retrying, waiting). */
  open: number;
}

/** How a replay (or the resumed waiting leads) went so far; null when it no longer exists. */
export async function replayOutcome(db: Db, replayId: string): Promise<ReplayOutcome | null> {
  const replay = await db.replay.findUnique({ where: { id: replayId } });
  if (!replay) return null;
  const [counts] = await db.$queryRawUnsafe<{ delivered: number; failed: number; open: number }[]>(
    `SELECT count(*) FILTER (WHERE status = 'delivered')::integer AS delivered,
            count(*) FILTER (WHERE status = 'failed')::integer AS failed,
            count(*) FILTER (WHERE status NOT IN ('delivered', 'failed'))::integer AS open
     FROM deliveries WHERE id = ANY($1::uuid[])`,
    replay.deliveryIds,
  );
  const thread =
    replay.slackTeamId && replay.slackChannelId && replay.slackThreadTs
      ? { teamId: replay.slackTeamId, channelId: replay.slackChannelId, threadTs: replay.slackThreadTs }
      : null;
  const { delivered = 0, failed = 0, open = 0 } = counts ?? {};
  return {
    replayId,
    kind: replay.kind,
    accountId: replay.accountId,
    destinationId: replay.destinationId,
    thread,
    total: delivered + failed + open,
    delivered,
    failed,
    open,
  };
}

/**
 * Replays someone in Slack waits to hear about (oldest first). Those older than `giveUpMs` (their
 * leads still waiting on a broken destination, say) are dropped first, all at once, so they never
 * crowd out newer ones; nobody waits for them any more.
 */
export async function replaysToReport(db: Db, queuePrefix: string, giveUpMs: number, limit = 100): Promise<{ id: string }[]> {
  await db.replay.updateMany({
    where: { queuePrefix, reportedAt: null, createdAt: { lt: new Date(Date.now() - giveUpMs) } },
    data: { reportedAt: new Date() },
  });
  return db.replay.findMany({
    where: { queuePrefix, reportedAt: null, slackChannelId: { not: null } },
    select: { id: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
}

/** Marks a replay told (true for the one caller that did it first). */
export async function markReplayReported(db: Db, replayId: string): Promise<boolean> {
  const { count } = await db.replay.updateMany({ where: { id: replayId, reportedAt: null }, data: { reportedAt: new Date() } });
  return count === 1;
}
