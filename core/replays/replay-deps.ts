import type { PrismaClient } from "../db/prisma.ts";

/** How replays run, from config (REPLAY_RATE_PER_SECOND, REPLAY_MAX_LEADS, QUEUE_PREFIX). */
export interface ReplaySettings {
  /** Replayed deliveries of one destination are scheduled this many a second at most. */
  ratePerSecond: number;
  /** At most this many leads per replay request. */
  maxLeads: number;
  /**
   * The deployment's queues (QUEUE_PREFIX): only replay feeders of the same prefix hand a
   * replay's deliveries to a lane, as only its sweepers touch its jobs.
   */
  queuePrefix: string;
}

export const DEFAULT_REPLAY_SETTINGS: ReplaySettings = { ratePerSecond: 20, maxLeads: 10_000, queuePrefix: "leadrelay" };

/** What replaying needs: the database and its settings. */
export interface ReplayDeps extends ReplaySettings {
  prisma: PrismaClient;
}

export function replayDeps(deps: { prisma: PrismaClient; replay?: ReplaySettings }): ReplayDeps {
  return { prisma: deps.prisma, ...(deps.replay ?? DEFAULT_REPLAY_SETTINGS) };
}
