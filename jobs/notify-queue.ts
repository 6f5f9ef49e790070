import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { z } from "zod";
import { DELIVERY_CAUSES } from "../core/integrations/integration.ts";

export const NOTIFY_QUEUE = "notify";

/**
 * Notify jobs carry ids (and which attempt outcome happened), never lead data or secrets: the
 * worker reads what it shows from Postgres (and burst counters from Redis) when it posts.
 *
 * - `delivery-attempt`: one per recorded delivery attempt (from the delivery worker's listener).
 *   Fans out into the jobs below; posts nothing itself.
 * - `burst`: post (or update in place) one subscription's message about a burst of failed or
 *   delivered leads of one destination.
 * - `destination-health`: post one subscription's alert about a destination health change.
 * - `test-result`: post a test lead's attempt into the onboarding thread.
 * - `replay-outcome`: tell the Slack thread a replay (or a fix's resumed leads) came from how it went.
 */
export const notifyJobSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("delivery-attempt"),
    deliveryId: z.uuid(),
    outcome: z.enum(["delivered", "retry", "failed", "waiting"]),
    /** Why it did not deliver (typed at the source); what the alert's buttons are chosen from. */
    cause: z.enum(DELIVERY_CAUSES).optional(),
    /** Whose live lead was delivered (ids the worker already had): a success is counted into its burst without reading the database. */
    delivered: z.object({ accountId: z.uuid(), destinationId: z.uuid(), leadId: z.uuid() }).optional(),
  }),
  z.object({ type: z.literal("burst"), burstId: z.string().min(1), subscriptionId: z.uuid() }),
  z.object({ type: z.literal("destination-health"), eventId: z.uuid(), subscriptionId: z.uuid() }),
  z.object({ type: z.literal("test-result"), eventId: z.uuid(), deliveryId: z.uuid() }),
  z.object({ type: z.literal("replay-outcome"), replayId: z.uuid() }),
]);
export type NotifyJobData = z.infer<typeof notifyJobSchema>;
export type NotifyJobType = NotifyJobData["type"];

/** Slack errors (5xx, network) retry a few times with backoff; gate waits and 429s do not spend attempts. */
export const NOTIFY_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3_600, count: 50_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

export function createNotifyQueue(connection: Redis, prefix: string): Queue<NotifyJobData> {
  return new Queue<NotifyJobData>(NOTIFY_QUEUE, { connection, prefix, defaultJobOptions: NOTIFY_JOB_OPTIONS });
}
