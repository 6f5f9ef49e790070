import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { DeliveryDispatcher } from "../core/intake/delivery-dispatcher.ts";
import type { Logger } from "../core/logger.ts";
import { maxDeliveryAttempts } from "../core/deliveries/retry-schedule.ts";

export const DELIVERY_QUEUE = "deliveries";
export const DELIVERY_BACKOFF = "delivery-schedule";

export interface DeliveryJobData {
  deliveryId: string;
}

/**
 * Job id = delivery id, one per (lead, destination): adding a delivery that is already queued,
 * delayed or running is a no-op in BullMQ, so the sweeper and intake can both enqueue it.
 */
export function deliveryJobOptions(retrySchedule: number[], delayMs = 0): JobsOptions {
  return {
    attempts: maxDeliveryAttempts(retrySchedule),
    backoff: { type: DELIVERY_BACKOFF },
    delay: delayMs,
    removeOnComplete: { age: 3_600, count: 100_000 },
    removeOnFail: { age: 7 * 24 * 3_600 },
  };
}

export function createDeliveryQueue(connection: Redis, prefix: string): Queue<DeliveryJobData> {
  return new Queue<DeliveryJobData>(DELIVERY_QUEUE, { connection, prefix });
}

/**
 * Feeds BullMQ from intake. Ids dispatched in the same event-loop turn go out as one addBulk
 * (one Redis round trip for many leads). If Redis is unreachable nothing waits: the deliveries
 * stay `pending` in Postgres and the sweeper enqueues them later.
 */
export class BullDeliveryDispatcher implements DeliveryDispatcher {
  private batch: string[] = [];
  private scheduled = false;
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly queue: Queue<DeliveryJobData>,
    private readonly connection: Redis,
    private readonly retrySchedule: number[],
    private readonly logger: Logger,
  ) {}

  dispatch(deliveryIds: string[]): void {
    this.batch.push(...deliveryIds);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const ids = this.batch;
    this.batch = [];
    this.scheduled = false;
    if (!ids.length) return;
    if (this.connection.status !== "ready") {
      this.logger.debug({ count: ids.length, redis: this.connection.status }, "queue unavailable; the sweeper will enqueue these deliveries");
      return;
    }
    const options = deliveryJobOptions(this.retrySchedule);
    const adding = this.queue
      .addBulk(ids.map((deliveryId) => ({ name: "deliver", data: { deliveryId }, opts: { ...options, jobId: deliveryId } })))
      .catch((error: unknown) => {
        this.logger.warn({ err: error, count: ids.length }, "enqueue failed; the sweeper will enqueue these deliveries");
      });
    this.inFlight.add(adding);
    void adding.finally(() => this.inFlight.delete(adding));
  }

  async resume(deliveryIds: string[]): Promise<void> {
    for (const deliveryId of deliveryIds) {
      const job = await this.queue.getJob(deliveryId);
      const state = job ? await job.getState() : "missing";
      if (job && state === "delayed") await job.promote();
      else if (job && state === "failed") await job.retry("failed");
      else if (!job) this.dispatch([deliveryId]);
    }
  }

  /** Waits for adds already sent (graceful shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }
}
