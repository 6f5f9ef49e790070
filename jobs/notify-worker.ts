import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../core/logger.ts";
import { fanOutDeliveryAttempt } from "./notify/fan-out-delivery-attempt.ts";
import type { NotifyDeps } from "./notify/notify-deps.ts";
import { postBurstAlert } from "./notify/post-burst-alert.ts";
import { postDestinationHealthAlert } from "./notify/post-destination-health-alert.ts";
import { postReplayOutcome } from "./notify/post-replay-outcome.ts";
import { postTestResult } from "./notify/post-test-result.ts";
import { NOTIFY_QUEUE, notifyJobSchema, type NotifyJobData } from "./notify-queue.ts";

export interface NotifyWorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** The worker's "error" events (e.g. Redis unreachable); logged as errors when absent. */
  onError?: (error: Error) => void;
}

/**
 * The BullMQ adapter of the notify queue: validates each job and hands it to its handler. A
 * handler that has to wait (the channel's rate gate is closed, Slack said 429) moves its job
 * back to delayed and throws DelayedError, so a slot is never held while waiting.
 */
export function createNotifyWorker(deps: NotifyDeps, options: NotifyWorkerOptions, logger: Logger): Worker<NotifyJobData> {
  const processor = async (job: Job<NotifyJobData>, lockToken?: string) => {
    const parsed = notifyJobSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`Malformed notify job: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const data = parsed.data;
    switch (data.type) {
      case "delivery-attempt":
        return fanOutDeliveryAttempt(deps, data);
      case "burst":
        return postBurstAlert(deps, job, lockToken, data);
      case "destination-health":
        return postDestinationHealthAlert(deps, job, lockToken, data);
      case "test-result":
        return postTestResult(deps, job, lockToken, data);
      case "replay-outcome":
        return postReplayOutcome(deps, job, lockToken, data);
    }
  };

  const worker = new Worker<NotifyJobData>(NOTIFY_QUEUE, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    lockDuration: 30_000,
    maxStalledCount: 3,
  });
  worker.on("failed", (job, error) => {
    if (job && !(error instanceof DelayedError)) {
      logger.warn({ job: job.name, jobId: job.id, attempts: job.attemptsMade, reason: error.message }, "notification failed");
    }
  });
  worker.on("error", options.onError ?? ((error) => logger.error({ err: error }, "notify worker error")));
  return worker;
}
