import { Queue, type Job, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { DeliveryDispatcher, DeliveryLane, DispatchOptions } from "../core/intake/delivery-dispatcher.ts";
import type { Logger } from "../core/logger.ts";
import { maxDeliveryAttempts } from "../core/deliveries/retry-schedule.ts";
import { moveDeliveryToInteractive } from "./delivery-lane-move.ts";

/** The bulk lane (live traffic); the name predates lanes and is kept so queued jobs survive upgrades. */
export const DELIVERY_QUEUE = "deliveries";
/** The interactive lane: test leads and retries a person is waiting for. */
export const INTERACTIVE_DELIVERY_QUEUE = "deliveries-interactive";
export const DELIVERY_BACKOFF = "delivery-schedule";

export const DELIVERY_LANES: readonly DeliveryLane[] = ["interactive", "bulk"];

export function deliveryQueueName(lane: DeliveryLane): string {
  return lane === "interactive" ? INTERACTIVE_DELIVERY_QUEUE : DELIVERY_QUEUE;
}

export interface DeliveryJobData {
  deliveryId: string;
}

export type DeliveryQueues = Record<DeliveryLane, Queue<DeliveryJobData>>;

/**
 * Job id = delivery id, one per (lead, destination): adding a delivery that is already queued,
 * delayed or running is a no-op in BullMQ, so the sweeper and intake can both enqueue it. Ids
 * are unique per queue only: whoever adds looks in both lanes first (findDeliveryJob) or adds
 * a fresh delivery, and a delivery only ever moves lanes in one script (delivery-lane-move.ts).
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

export function createDeliveryQueues(connection: Redis, prefix: string): DeliveryQueues {
  return {
    interactive: new Queue<DeliveryJobData>(INTERACTIVE_DELIVERY_QUEUE, { connection, prefix }),
    bulk: new Queue<DeliveryJobData>(DELIVERY_QUEUE, { connection, prefix }),
  };
}

export async function closeDeliveryQueues(queues: DeliveryQueues): Promise<void> {
  await Promise.all(DELIVERY_LANES.map((lane) => queues[lane].close()));
}

/** The delivery's job in whichever lane holds it (interactive looked at first), or null. */
export async function findDeliveryJob(
  queues: DeliveryQueues,
  deliveryId: string,
): Promise<{ lane: DeliveryLane; job: Job<DeliveryJobData> } | null> {
  for (const lane of DELIVERY_LANES) {
    const job = await queues[lane].getJob(deliveryId);
    if (job) return { lane, job };
  }
  return null;
}

/**
 * At most this many deliveries of one resume move to the interactive lane (the rest are resumed
 * in bulk): a Retry over a destination's whole backlog must not crowd out other accounts' test leads.
 */
export const INTERACTIVE_RESUME_LIMIT = 50;

/**
 * Feeds BullMQ from intake. Ids dispatched in the same event-loop turn go out as one addBulk
 * per lane (one Redis round trip for many leads). If Redis is unreachable nothing waits: the
 * deliveries stay `pending` in Postgres and the sweeper enqueues them later.
 */
export class BullDeliveryDispatcher implements DeliveryDispatcher {
  private batches: Record<DeliveryLane, string[]> = { interactive: [], bulk: [] };
  private scheduled = false;
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly queues: DeliveryQueues,
    private readonly connection: Redis,
    private readonly retrySchedule: number[],
    private readonly logger: Logger,
  ) {}

  dispatch(deliveryIds: string[], options: DispatchOptions = {}): void {
    this.batches[options.lane ?? "bulk"].push(...deliveryIds);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    const batches = this.batches;
    this.batches = { interactive: [], bulk: [] };
    this.scheduled = false;
    for (const lane of DELIVERY_LANES) {
      const ids = batches[lane];
      if (!ids.length) continue;
      if (this.connection.status !== "ready") {
        this.logger.debug(
          { count: ids.length, lane, redis: this.connection.status },
          "queue unavailable; the sweeper will enqueue these deliveries",
        );
        continue;
      }
      const options = deliveryJobOptions(this.retrySchedule);
      const adding = this.queues[lane]
        .addBulk(ids.map((deliveryId) => ({ name: "deliver", data: { deliveryId }, opts: { ...options, jobId: deliveryId } })))
        .catch((error: unknown) => {
          this.logger.warn({ err: error, count: ids.length, lane }, "enqueue failed; the sweeper will enqueue these deliveries");
        });
      this.inFlight.add(adding);
      void adding.finally(() => this.inFlight.delete(adding));
    }
  }

  async resume(deliveryIds: string[], options: DispatchOptions = {}): Promise<void> {
    for (const [index, deliveryId] of deliveryIds.entries()) {
      const lane = options.lane === "interactive" && index < INTERACTIVE_RESUME_LIMIT ? "interactive" : "bulk";
      if (lane === "interactive") {
        // One script: out of the bulk backlog and next in the interactive lane, never in neither or both.
        const moved = await moveDeliveryToInteractive(this.connection, this.queues, deliveryId);
        if (moved === "moved") continue;
        if (moved === "missing") {
          this.dispatch([deliveryId], { lane });
          continue;
        }
      }
      const found = await findDeliveryJob(this.queues, deliveryId);
      if (!found) {
        this.dispatch([deliveryId], { lane });
        continue;
      }
      const state = await found.job.getState();
      if (state === "delayed") await found.job.promote();
      else if (state === "failed") await found.job.retry("failed");
    }
  }

  /** Waits for adds already sent (graceful shutdown). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }
}
