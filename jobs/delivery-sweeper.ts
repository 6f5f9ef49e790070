import type { Redis } from "ioredis";
import { claimStaleDeliveries } from "../core/deliveries/claim-stale-deliveries.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import { isUnreachable, type DependencyWatch } from "../core/dependency-watch.ts";
import type { Logger } from "../core/logger.ts";
import { deliveryJobOptions, type DeliveryQueues } from "./delivery-queue.ts";
import { PeriodicPass } from "./periodic-pass.ts";

export interface SweeperOptions {
  intervalMs: number;
  pendingGraceMs: number;
  retrySchedule: number[];
  /** Told when a sweep cannot reach PostgreSQL and when it can again (one warning per outage). */
  database?: DependencyWatch;
}

/**
 * Re-enqueues every accepted delivery that has no live job: the guarantee that an accepted lead
 * is eventually delivered or visibly failed even when Redis was down or lost its data. Adding
 * is by job id, so a delivery that does have a job is left alone; one whose job ended in
 * BullMQ's failed set while the database says it is still open is retried. A job is looked for
 * in both lanes; a delivery without one goes to the lane its lead calls for (a test lead's to
 * the interactive lane, every other to bulk).
 */
export class DeliverySweeper {
  private passes: PeriodicPass | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly queues: DeliveryQueues,
    private readonly connection: Redis,
    private readonly options: SweeperOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.passes = new PeriodicPass(() => this.sweep(), this.options.intervalMs);
    this.passes.start();
  }

  async stop(): Promise<void> {
    await this.passes?.stop();
  }

  /** One pass; returns how many deliveries it (re-)enqueued. */
  async sweep(): Promise<number> {
    if (this.connection.status !== "ready") return 0;
    let enqueued = 0;
    try {
      const stale = await this.claim();
      if (!stale) return 0;
      // Which of them have a job, and which sit in a failed set: one pipelined round trip for the
      // whole batch (under a backlog every queued delivery is stale here once per grace period, and
      // three sequential round trips each made the sweeper a cost that grew with the backlog).
      const lanes = [this.queues.interactive, this.queues.bulk] as const;
      const pipeline = this.connection.pipeline();
      for (const delivery of stale)
        for (const queue of lanes) pipeline.exists(queue.toKey(delivery.id)).zscore(queue.toKey("failed"), delivery.id);
      const answers = ((await pipeline.exec()) ?? []).map(([error, value]) => {
        if (error) throw error;
        return value;
      });
      for (const [index, delivery] of stale.entries()) {
        const [inInteractive, failedInteractive, inBulk, failedBulk] = answers.slice(index * 4, index * 4 + 4);
        if (inInteractive || inBulk) {
          const failedIn = failedInteractive !== null ? this.queues.interactive : failedBulk !== null ? this.queues.bulk : null;
          const job = failedIn ? await failedIn.getJob(delivery.id) : undefined;
          if (job && (await job.getState()) === "failed") {
            await job.retry("failed");
            enqueued++;
          }
          continue;
        }
        const delayMs = delivery.nextAttemptAt ? Math.max(0, delivery.nextAttemptAt.getTime() - Date.now()) : 0;
        await this.queues[delivery.isTest ? "interactive" : "bulk"].add(
          "deliver",
          { deliveryId: delivery.id },
          { ...deliveryJobOptions(this.options.retrySchedule, delayMs), jobId: delivery.id },
        );
        enqueued++;
      }
      if (enqueued) this.logger.info({ enqueued }, "sweeper re-enqueued deliveries");
    } catch (error) {
      this.logger.warn({ err: error }, "sweep failed; will try again");
    }
    return enqueued;
  }

  /** The stale deliveries, or null when PostgreSQL cannot be reached (told to the DATABASE_URL watch, not logged each pass). */
  private async claim() {
    try {
      const stale = await claimStaleDeliveries(this.prisma, {
        pendingGraceMs: this.options.pendingGraceMs,
        otherGraceMs: Math.max(this.options.pendingGraceMs, 5 * 60_000),
        limit: 1_000,
      });
      this.options.database?.restored(this);
      return stale;
    } catch (error) {
      if (!this.options.database || !isUnreachable(error)) throw error;
      this.options.database.lost(this, error);
      return null;
    }
  }
}
