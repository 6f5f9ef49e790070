import type { PrismaClient } from "../db/prisma.ts";

/** The two bounds of replaying, from config (REPLAY_RATE_PER_SECOND, REPLAY_MAX_LEADS). */
export interface ReplayLimits {
  /** Replayed deliveries of one destination are scheduled this many a second at most. */
  ratePerSecond: number;
  /** At most this many leads per replay request. */
  maxLeads: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { ratePerSecond: 20, maxLeads: 10_000 };

/** What replaying needs: the database and its bounds. */
export interface ReplayDeps extends ReplayLimits {
  prisma: PrismaClient;
}

export function replayDeps(deps: { prisma: PrismaClient; replay?: ReplayLimits }): ReplayDeps {
  return { prisma: deps.prisma, ...(deps.replay ?? DEFAULT_REPLAY_LIMITS) };
}
