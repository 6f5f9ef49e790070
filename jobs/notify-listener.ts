import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { AlertKind } from "../core/alerts/alert-audience.ts";
import type { AttemptOutcome } from "../core/deliveries/attempt-delivery.ts";
import type { Logger } from "../core/logger.ts";
import type { DeliveryOutcomeListener } from "./delivery-worker.ts";
import type { AlertAudienceCache } from "./notify/alert-audience-cache.ts";
import type { NotifyJobData } from "./notify-queue.ts";

/**
 * A delivery parked behind a destination that is already unhealthy reports `waiting` again at
 * every recheck (cause `destination_unhealthy`); the health change itself was reported by the
 * attempt that caused it. Those repeats are enqueued at most once an hour per delivery.
 */
const PARKED_DEDUP_MS = 3_600_000;

/** Which alert kinds an attempt of a real (not test) lead can lead to; none: nobody is told. */
function alertKinds(outcome: Exclude<AttemptOutcome, { kind: "skipped" }>): AlertKind[] {
  switch (outcome.kind) {
    case "delivered":
      return ["success"];
    case "failed":
      return ["failure", "health"];
    case "waiting":
      return ["health"];
    case "retry":
      return [];
  }
}

/**
 * Told about every recorded delivery attempt, it enqueues a `delivery-attempt` notify job only
 * when someone will hear about it: a test lead of an account with a Slack conversation (its result
 * goes to the onboarding thread; whether there is one is read with the delivery itself), or an
 * account with an active alert subscription for that kind of outcome. The audience comes from a
 * per-process cache invalidated through Redis (alert-audience-cache.ts), so an attempt nobody
 * listens to costs no job and no database read. It never calls Slack, so a slow or unreachable
 * Slack can never slow deliveries down. Never throws.
 */
export function createNotifyListener(
  queue: Queue<NotifyJobData>,
  connection: Redis,
  audience: AlertAudienceCache,
  logger: Logger,
): DeliveryOutcomeListener {
  return async (deliveryId: string, outcome: AttemptOutcome) => {
    if (outcome.kind === "skipped") return;
    if (connection.status !== "ready") {
      logger.debug({ deliveryId, redis: connection.status }, "notify queue unavailable; this attempt is not notified");
      return;
    }
    // A test lead's result goes to its account's Slack conversation: none, nobody to tell.
    if (outcome.lead.isTest && !outcome.lead.hasSlackThread) return;
    if (!outcome.lead.isTest) {
      const kinds = alertKinds(outcome);
      if (!kinds.length) return;
      try {
        const summary = await audience.summary(outcome.lead.accountId);
        if (!kinds.some((kind) => summary[kind])) return;
      } catch (error) {
        // Unsure who listens: let the notify worker decide from the database, as before the cache.
        logger.debug({ err: error, deliveryId }, "alert audience unavailable; the notify worker decides");
      }
    }
    const final = outcome.kind === "delivered" || outcome.kind === "failed";
    const parked = outcome.kind === "waiting" && outcome.cause === "destination_unhealthy";
    try {
      await queue.add(
        "delivery-attempt",
        {
          type: "delivery-attempt",
          deliveryId,
          outcome: outcome.kind,
          ...(outcome.kind === "delivered" ? {} : { cause: outcome.cause }),
          ...(outcome.kind === "delivered" && !outcome.lead.isTest
            ? { delivered: { accountId: outcome.lead.accountId, destinationId: outcome.lead.destinationId, leadId: outcome.lead.leadId } }
            : {}),
        },
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
