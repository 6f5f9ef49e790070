import type { Redis } from "ioredis";
import { claimStaleDeliveries } from "../core/deliveries/claim-stale-deliveries.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import { isUnreachable, type DependencyWatch } from "../core/dependency-watch.ts";
import type { Logger } from "../core/logger.ts";
import { deliveryJobOptions, findDeliveryJob, type DeliveryQueues } from "./delivery-queue.ts";

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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly queues: DeliveryQueues,
    private readonly connection: Redis,
    private readonly options: SweeperOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep().then(() => {
        this.running = undefined;
      });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; returns how many deliveries it (re-)enqueued. */
  async sweep(): Promise<number> {
    if (this.connection.status !== "ready") return 0;
    let enqueued = 0;
    try {
      const stale = await this.claim();
      if (!stale) return 0;
      for (const delivery of stale) {
        const job = (await findDeliveryJob(this.queues, delivery.id))?.job;
        if (job) {
          if ((await job.getState()) === "failed") {
            await job.retry("failed");
            enqueued++;
          }
          continue;
        }
        const delayMs = delivery.nextAttemptAt ? Math.max(0, delivery.nextAttemptAt.getTime() - Date.now()) : 0;
        await this.queues[delivery.isTest ? "interactive" : "bulk"].add("deliver", { deliveryId: delivery.id }, { ...deliveryJobOptions(this.options.retrySchedule, delayMs), jobId: delivery.id });
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
