import type { Job } from "bullmq";
import { levelWants } from "../../core/alerts/alert-audience.ts";
import { isCredentialProblem } from "../../core/alerts/credential-problem.ts";
import { pauseAlertSubscription } from "../../core/alerts/pause-alert-subscription.ts";
import { DEFAULT_REPLAY_SETTINGS } from "../../core/replays/replay-deps.ts";
import { recentWindow } from "../../core/replays/replay-request.ts";
import { countReplayable } from "../../core/replays/replayable-count.ts";
import { deliveryBurstAlertBlocks } from "../../slack/blocks/delivery-burst-alert.ts";
import type { NotifyJobData } from "../notify-queue.ts";
import type { NotifyDeps } from "./notify-deps.ts";
import { sendSlackMessage } from "./send-slack-message.ts";

type BurstJob = Extract<NotifyJobData, { type: "burst" }>;

/**
 * Posts one channel's message about a burst, or updates it in place when it was posted already:
 * the count is read now, so every lead counted before this moment is in it.
 */
export async function postBurstAlert(deps: NotifyDeps, job: Job, lockToken: string | undefined, data: BurstJob): Promise<string> {
  const burst = await deps.bursts.get(data.burstId);
  if (!burst) return "burst expired";
  const subscription = await deps.prisma.alertSubscription.findUnique({ where: { id: data.subscriptionId } });
  if (!subscription || subscription.status !== "active" || !levelWants(subscription.level, burst.kind)) return "not subscribed";
  const [destination, account, lead] = await Promise.all([
    deps.prisma.destination.findUnique({ where: { id: burst.destinationId }, select: { id: true, name: true } }),
    deps.prisma.account.findUnique({ where: { id: burst.accountId }, select: { name: true } }),
    burst.latestLeadId ? deps.prisma.lead.findUnique({ where: { id: burst.latestLeadId }, select: { id: true, fields: true } }) : null,
  ]);
  if (!destination || !account) return "destination gone";
  // Counted when the message is posted or updated (not per attempt): what Resend would take now.
  const resendFailed =
    burst.kind === "failure"
      ? await countReplayable(deps.prisma, destination.id, "failed", recentWindow(), DEFAULT_REPLAY_SETTINGS.maxLeads)
      : 0;

  const message = deliveryBurstAlertBlocks({
    kind: burst.kind,
    count: burst.count,
    windowMs: burst.windowMs,
    reason: burst.reason,
    accountName: account.name,
    destinationId: destination.id,
    destinationName: destination.name,
    latestLead: lead ? { id: lead.id, label: leadLabel(lead.fields) } : null,
    offerCredentials: burst.kind === "failure" && isCredentialProblem(burst.cause),
    resendFailed,
  });
  const postedTs = await deps.bursts.postedTs(burst.id, subscription.id);
  const result = await sendSlackMessage(deps, job, lockToken, { teamId: subscription.teamId, channelId: subscription.channelId }, message, {
    updateTs: postedTs,
  });
  if (result.kind === "unpostable") {
    await pauseAlertSubscription(deps.prisma, subscription.id, `Slack: ${result.error}`, deps.audienceChanges, {
      destinationId: destination.id,
    });
    return `paused: ${result.error}`;
  }
  if (result.kind === "no-token") return "no Slack token";
  if (result.ts !== postedTs) await deps.bursts.setPostedTs(burst.id, subscription.id, result.ts);
  return postedTs ? `updated: ${burst.count}` : `posted: ${burst.count}`;
}

/** "Grace Hopper", from the lead's first and last name as submitted; null when it has neither. */
function leadLabel(fields: unknown): string | null {
  if (!fields || typeof fields !== "object") return null;
  const record = fields as Record<string, unknown>;
  const parts = [record.first_name, record.last_name].filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return parts.length ? parts.join(" ") : null;
}
