import type { Job } from "bullmq";
import { replayOutcomeMessage } from "../../slack/blocks/replay-messages.ts";
import { replayOutcome } from "../../core/replays/replay-outcome.ts";
import type { NotifyJobData } from "../notify-queue.ts";
import type { NotifyDeps } from "./notify-deps.ts";
import { sendSlackMessage } from "./send-slack-message.ts";

type ReplayOutcomeJob = Extract<NotifyJobData, { type: "replay-outcome" }>;

/** Tells the thread a replay (or a fix's resumed leads) came from: "delivered N, failed M". Counts are read now. */
export async function postReplayOutcome(
  deps: NotifyDeps,
  job: Job,
  lockToken: string | undefined,
  data: ReplayOutcomeJob,
): Promise<string> {
  const outcome = await replayOutcome(deps.prisma, data.replayId);
  if (!outcome?.thread) return "replay gone";
  const destination = await deps.prisma.destination.findUnique({ where: { id: outcome.destinationId }, select: { id: true, name: true } });
  if (!destination) return "destination gone";
  const message = replayOutcomeMessage({
    kind: outcome.kind,
    destinationId: destination.id,
    destinationName: destination.name,
    delivered: outcome.delivered,
    failed: outcome.failed,
  });
  const result = await sendSlackMessage(deps, job, lockToken, outcome.thread, message);
  if (result.kind === "no-token") return "no Slack token";
  return result.kind === "sent" ? `posted: ${outcome.delivered} delivered, ${outcome.failed} failed` : `unpostable: ${result.error}`;
}
