import type { Job } from "bullmq";
import { findOnboardingThread } from "../../core/alerts/find-onboarding-thread.ts";
import { storedCause } from "../../core/alerts/credential-problem.ts";
import { recordNotificationEvent } from "../../core/alerts/record-notification-event.ts";
import { testResultMessage, type TestResultInput } from "../../slack/blocks/test-result.ts";
import type { NotifyJobData } from "../notify-queue.ts";
import type { NotifyDeps } from "./notify-deps.ts";
import { sendSlackMessage } from "./send-slack-message.ts";

type TestResultJob = Extract<NotifyJobData, { type: "test-result" }>;

/**
 * Posts a test lead's attempt into the onboarding thread of its destination (else the
 * account's latest thread) and records the notification on the lead, success or failure.
 */
export async function postTestResult(deps: NotifyDeps, job: Job, lockToken: string | undefined, data: TestResultJob): Promise<string> {
  const event = await deps.prisma.event.findUnique({
    where: { id: data.eventId },
    select: {
      outcome: true,
      reason: true,
      snapshot: true,
      ms: true,
      createdAt: true,
      accountId: true,
      leadId: true,
      destinationId: true,
      delivery: { select: { recordId: true } },
    },
  });
  if (!event?.destinationId) return "event gone";
  const [thread, destination] = await Promise.all([
    findOnboardingThread(deps.prisma, event.accountId, event.destinationId),
    deps.prisma.destination.findUnique({ where: { id: event.destinationId }, select: { name: true } }),
  ]);
  if (!thread) {
    deps.logger.debug({ deliveryId: data.deliveryId }, "test lead has no onboarding thread to report to");
    return "no thread";
  }
  const input: TestResultInput = {
    outcome: event.outcome,
    cause: storedCause(event.snapshot),
    reason: event.reason,
    summary: event.outcome === "success" ? event.reason : null,
    recordId: event.delivery?.recordId ?? null,
    ms: event.ms,
    destinationId: event.destinationId,
    leadId: event.leadId,
    destinationName: destination?.name ?? null,
    at: event.createdAt,
  };
  const message = testResultMessage(input);
  const result = await sendSlackMessage(deps, job, lockToken, thread, message);
  if (result.kind === "no-token") return "no Slack token";
  const posted = result.kind === "sent";
  await recordNotificationEvent(deps.prisma, {
    accountId: event.accountId,
    outcome: posted ? "success" : "failure",
    reason: posted ? "Slack: test result posted" : `Slack: ${result.error}`,
    leadId: event.leadId,
    deliveryId: data.deliveryId,
    destinationId: event.destinationId,
    isTest: true,
    snapshot: { team_id: thread.teamId, channel_id: thread.channelId, thread_ts: thread.threadTs },
  });
  return posted ? "posted" : `unpostable: ${result.error}`;
}
