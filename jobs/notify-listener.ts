import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { AttemptOutcome } from "../core/deliveries/attempt-delivery.ts";
import type { Logger } from "../core/logger.ts";
import type { DeliveryOutcomeListener } from "./delivery-worker.ts";
import type { NotifyJobData } from "./notify-queue.ts";

/**
 * A delivery parked behind a destination that is already unhealthy reports `waiting` again at
 * every recheck (attempt-delivery.ts words it "Waiting: destination unhealthy (…)"); the health
 * change itself was reported by the attempt that caused it. Those repeats are enqueued at most
 * once an hour per delivery.
 */
const PARKED = /^Waiting: destination unhealthy/;
const PARKED_DEDUP_MS = 3_600_000;

/**
 * Told about every recorded delivery attempt, it only enqueues a `delivery-attempt` notify job
 * (one Redis call on a fail-fast connection): it never reads the database or calls Slack, so a
 * slow or unreachable Slack can never slow deliveries down. Never throws.
 */
export function createNotifyListener(queue: Queue<NotifyJobData>, connection: Redis, logger: Logger): DeliveryOutcomeListener {
  return async (deliveryId: string, outcome: AttemptOutcome) => {
    if (outcome.kind === "skipped") return;
    if (connection.status !== "ready") {
      logger.debug({ deliveryId, redis: connection.status }, "notify queue unavailable; this attempt is not notified");
      return;
    }
    const final = outcome.kind === "delivered" || outcome.kind === "failed";
    const parked = outcome.kind === "waiting" && PARKED.test(outcome.reason);
    try {
      await queue.add(
        "delivery-attempt",
        { type: "delivery-attempt", deliveryId, outcome: outcome.kind },
        {
          // A final outcome is told once even if the delivery job is replayed.
          ...(final ? { jobId: `final-${deliveryId}` } : {}),
          ...(parked ? { deduplication: { id: `parked-${deliveryId}`, ttl: PARKED_DEDUP_MS } } : {}),
        },
      );
    } catch (error) {
      logger.warn({ err: error, deliveryId }, "could not enqueue a delivery notification");
    }
  };
}
