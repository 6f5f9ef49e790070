import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { PrismaClient } from "../core/db/prisma.ts";
import { isUnreachable, type DependencyWatch } from "../core/dependency-watch.ts";
import type { DeliveryDispatcher } from "../core/intake/delivery-dispatcher.ts";
import type { Logger } from "../core/logger.ts";
import { claimDueReplays } from "../core/replays/claim-due-replays.ts";
import { markReplayReported, replayOutcome, replaysToReport } from "../core/replays/replay-outcome.ts";
import { DELIVERY_LANES, type DeliveryQueues } from "./delivery-queue.ts";
import type { NotifyJobData } from "./notify-queue.ts";
import { PeriodicPass } from "./periodic-pass.ts";

export interface ReplayFeederOptions {
  /** How often due replayed deliveries are handed over (their schedule sets the rate, not this). */
  intervalMs: number;
  /** How often replays someone waits to hear about in Slack are looked at. */
  reportEveryMs: number;
  /** A replay still not final after this long is not told any more. */
  giveUpMs: number;
  /** QUEUE_PREFIX: this deployment's replays only. */
  queuePrefix: string;
  database?: DependencyWatch;
}

/**
 * Hands replayed deliveries (core/replays) to the bulk lane when their scheduled time comes:
 * replayLeads spaced them at REPLAY_RATE_PER_SECOND per destination, so the lane gets them at
 * that rate however many were asked for, and the interactive lane is never involved. A replayed
 * delivery may still have its earlier, finished job in a queue (kept for a while by BullMQ), which
 * would swallow the add: that job is removed first (a running one cannot be, and needs nothing).
 *
 * It also tells Slack how a replay (or the leads resumed after a fix) went, once every lead in
 * it is final: a `replay-outcome` notify job, once per replay.
 */
export class ReplayFeeder {
  private passes: PeriodicPass | undefined;
  private lastReport = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly dispatcher: DeliveryDispatcher,
    private readonly queues: DeliveryQueues,
    private readonly connection: Redis,
    /** null when Slack is not configured: replays are then marked told without a message. */
    private readonly notifyQueue: Queue<NotifyJobData> | null,
    private readonly options: ReplayFeederOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.passes = new PeriodicPass(() => this.tick(), this.options.intervalMs);
    this.passes.start();
  }

  async stop(): Promise<void> {
    await this.passes?.stop();
  }

  /** One pass: hand over what is due, and now and then report settled replays. */
  async tick(): Promise<number> {
    if (this.connection.status !== "ready") return 0;
    try {
      const fed = await this.feed();
      if (Date.now() - this.lastReport >= this.options.reportEveryMs) {
        this.lastReport = Date.now();
        await this.report();
      }
      this.options.database?.restored(this);
      return fed;
    } catch (error) {
      if (this.options.database && isUnreachable(error)) this.options.database.lost(this, error);
      else this.logger.warn({ err: error }, "replay feeder pass failed; will try again");
      return 0;
    }
  }

  private async feed(): Promise<number> {
    let fed = 0;
    for (;;) {
      const ids = await claimDueReplays(this.prisma, this.options.queuePrefix, 500);
      if (!ids.length) return fed;
      // A finished job with the delivery's id would make the add a no-op.
      await Promise.all(ids.flatMap((id) => DELIVERY_LANES.map((lane) => this.queues[lane].remove(id).catch(() => 0))));
      this.dispatcher.dispatch(ids, { lane: "bulk" });
      fed += ids.length;
      if (ids.length < 500) return fed;
    }
  }

  private async report(): Promise<void> {
    for (const replay of await replaysToReport(this.prisma, this.options.queuePrefix, this.options.giveUpMs)) {
      const outcome = await replayOutcome(this.prisma, replay.id);
      if (!outcome) {
        await markReplayReported(this.prisma, replay.id);
        continue;
      }
      if (outcome.open > 0) continue;
      // Added before it is marked told: a crash in between re-adds it, and the job id keeps it one message.
      if (this.notifyQueue) {
        await this.notifyQueue.add(
          "replay-outcome",
          { type: "replay-outcome", replayId: replay.id },
          { jobId: `replay-outcome-${replay.id}` },
        );
      }
      await markReplayReported(this.prisma, replay.id);
    }
  }
}
