import type { Queue } from "bullmq";
import type { AudienceChanges } from "../../core/alerts/audience-changes.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import type { NotifyJobData } from "../notify-queue.ts";
import type { AlertAudienceCache } from "./alert-audience-cache.ts";
import type { AlertBursts } from "./alert-bursts.ts";
import type { NotifyOnce } from "./notify-once.ts";
import type { SlackSendDeps } from "./send-slack-message.ts";

/** What the notify worker's handlers share; built once per worker process (notify-runtime.ts). */
export interface NotifyDeps extends SlackSendDeps {
  prisma: PrismaClient;
  /** The notify queue itself: the fan-out adds the per-channel jobs. */
  queue: Queue<NotifyJobData>;
  bursts: AlertBursts;
  /** Who is subscribed, cached per account (absent: read from PostgreSQL for each attempt). */
  audience?: AlertAudienceCache;
  once: NotifyOnce;
  /** How long after a burst's later leads its message is updated (one update covers all that arrive meanwhile). */
  updateDelayMs: number;
  /** Told when a subscription is paused (an archived channel), so every process's audience cache re-reads it. */
  audienceChanges: AudienceChanges;
}
