import type { Job } from "bullmq";
import { isCredentialProblem, storedCause } from "../../core/alerts/credential-problem.ts";
import { pauseAlertSubscription } from "../../core/alerts/pause-alert-subscription.ts";
import { destinationHealthAlertBlocks } from "../../slack/blocks/destination-health-alert.ts";
import type { NotifyJobData } from "../notify-queue.ts";
import type { NotifyDeps } from "./notify-deps.ts";
import { sendSlackMessage } from "./send-slack-message.ts";

type HealthJob = Extract<NotifyJobData, { type: "destination-health" }>;

/** Posts one channel's alert that a destination turned unhealthy or was disabled (its `destination` event). */
export async function postDestinationHealthAlert(
  deps: NotifyDeps,
  job: Job,
  lockToken: string | undefined,
  data: HealthJob,
): Promise<string> {
  const [event, subscription] = await Promise.all([
    deps.prisma.event.findUnique({
      where: { id: data.eventId },
      select: { accountId: true, reason: true, snapshot: true, destinationId: true },
    }),
    deps.prisma.alertSubscription.findUnique({ where: { id: data.subscriptionId } }),
  ]);
  if (!event?.destinationId) return "event gone";
  if (!subscription || subscription.status !== "active") return "not subscribed";
  const [destination, account] = await Promise.all([
    deps.prisma.destination.findUnique({ where: { id: event.destinationId }, select: { id: true, name: true } }),
    deps.prisma.account.findUnique({ where: { id: event.accountId }, select: { name: true } }),
  ]);
  if (!destination || !account) return "destination gone";

  const snapshot = (event.snapshot ?? {}) as { health?: unknown; fix?: unknown };
  const fix = typeof snapshot.fix === "string" ? snapshot.fix : null;
  const message = destinationHealthAlertBlocks({
    health: snapshot.health === "disabled" ? "disabled" : "unhealthy",
    reason: event.reason,
    fix,
    accountName: account.name,
    destinationId: destination.id,
    destinationName: destination.name,
    offerCredentials: isCredentialProblem(storedCause(event.snapshot)),
  });
  const result = await sendSlackMessage(deps, job, lockToken, { teamId: subscription.teamId, channelId: subscription.channelId }, message);
  if (result.kind === "unpostable") {
    await pauseAlertSubscription(deps.prisma, subscription.id, `Slack: ${result.error}`, deps.audienceChanges, {
      destinationId: destination.id,
    });
    return `paused: ${result.error}`;
  }
  return result.kind === "sent" ? "posted" : "no Slack token";
}
