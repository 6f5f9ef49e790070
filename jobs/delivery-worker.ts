import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { attemptDelivery, type AttemptOutcome } from "../core/deliveries/attempt-delivery.ts";
import type { DeliveryDeps } from "../core/deliveries/delivery-deps.ts";
import { retryDelayMs } from "../core/deliveries/retry-schedule.ts";
import type { Logger } from "../core/logger.ts";
import type { DeliveryLane } from "../core/intake/delivery-dispatcher.ts";
import { DELIVERY_BACKOFF, deliveryQueueName, type DeliveryJobData } from "./delivery-queue.ts";

/** Thrown for a retryable failure; carries the delay the domain chose (schedule or Retry-After). */
class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
}

/**
 * Told about every attempt once it is recorded (e.g. to post a test lead's result or an alert
 * to Slack). Must not throw; a failing listener never affects the delivery.
 */
export type DeliveryOutcomeListener = (deliveryId: string, outcome: AttemptOutcome) => void | Promise<void>;

export interface DeliveryWorkerOptions {
  /** The lane whose queue this worker takes jobs from (default `bulk`). */
  lane?: DeliveryLane;
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** A job whose worker died is taken up again after this long. */
  lockDurationMs?: number;
  listeners?: DeliveryOutcomeListener[];
  /** The worker's "error" events (e.g. Redis unreachable); logged as errors when absent. */
  onError?: (error: Error) => void;
}

/**
 * The BullMQ adapter over core's attemptDelivery: success completes the job, a retryable
 * failure throws so BullMQ schedules the next attempt with the domain's delay, a permanent one
 * throws UnrecoverableError, and a delivery waiting on an unhealthy destination is parked as a
 * delayed job without spending an attempt.
 */
export function createDeliveryWorker(deps: DeliveryDeps, options: DeliveryWorkerOptions, logger: Logger): Worker<DeliveryJobData> {
  const processor = async (job: Job<DeliveryJobData>, token?: string) => {
    const outcome = await attemptDelivery(deps, job.data.deliveryId);
    if (outcome.kind !== "skipped") {
      for (const listener of options.listeners ?? []) {
        await Promise.resolve()
          .then(() => listener(job.data.deliveryId, outcome))
          .catch((error: unknown) => logger.warn({ err: error, deliveryId: job.data.deliveryId }, "delivery outcome listener failed"));
      }
    }
    switch (outcome.kind) {
      case "delivered":
        return { recordId: outcome.recordId ?? null, ms: outcome.ms };
      case "skipped":
        return { skipped: outcome.reason };
      case "retry":
        throw new RetryLaterError(outcome.reason, outcome.delayMs);
      case "failed":
        throw new UnrecoverableError(outcome.reason);
      case "waiting":
        await job.moveToDelayed(Date.now() + outcome.recheckMs, token);
        throw new DelayedError();
    }
  };

  const lockDuration = options.lockDurationMs ?? 30_000;
  const worker = new Worker<DeliveryJobData>(deliveryQueueName(options.lane ?? "bulk"), processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration,
    stalledInterval: Math.max(1_000, Math.floor(lockDuration / 2)),
    maxStalledCount: 5,
    settings: {
      backoffStrategy: (attemptsMade, type, err) => {
        if (err instanceof RetryLaterError) return err.delayMs;
        return type === DELIVERY_BACKOFF ? retryDelayMs(attemptsMade, deps.retrySchedule) : 5_000;
      },
    },
  });
  worker.on("failed", (job, error) => {
    if (job && !(error instanceof RetryLaterError)) {
      logger.info({ deliveryId: job.data.deliveryId, reason: error.message }, "delivery failed");
    }
  });
  worker.on("error", options.onError ?? ((error) => logger.error({ err: error, lane: options.lane ?? "bulk" }, "delivery worker error")));
  return worker;
}
