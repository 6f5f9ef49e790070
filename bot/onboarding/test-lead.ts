import type { WebClient } from "@slack/web-api";
import { SAMPLE_TEST_LEAD, sendTestLead } from "../../core/destinations/send-test-lead.ts";
import { attachDestinationToThread, findDestinationThread } from "../../core/slack/slack-thread.ts";
import type { BotDeps } from "../bot-deps.ts";
import { sendingTestLeadMessage } from "../../slack/blocks/sending-test-lead.ts";
import { refusalMessage } from "../../slack/blocks/refusal-message.ts";
import type { SlackText } from "../../slack/blocks/slack-text.ts";
import { testLeadModal } from "../../slack/blocks/test-lead-modal.ts";
import { postInThread, startDmThread } from "../conversation.ts";
import { describeError } from "../error-reply.ts";
import type { ThreadRef } from "../../slack/private-metadata.ts";

/** The "Send test lead" modal for a destination, prefilled with the sample lead. */
export function testLeadModalFor(
  destination: { id: string; accountId: string; name: string },
  thread: ThreadRef | null,
  intro: SlackText | null = null,
) {
  return testLeadModal({
    destinationName: destination.name,
    fields: SAMPLE_TEST_LEAD,
    intro,
    privateMetadata: JSON.stringify({ accountId: destination.accountId, destinationId: destination.id, thread }),
  });
}

export interface TestLeadRequest {
  accountId: string;
  destination: { id: string; name: string };
  /** The conversation it was asked from; else the destination's latest thread, else a new DM. */
  thread: ThreadRef | null;
  teamId: string;
  slackUserId: string;
  fields?: Record<string, string>;
}

/**
 * Sends a test lead through the real delivery path. The destination's thread is recorded first
 * (SlackThread with destination_id), so whoever reports the delivery attempt, the notify
 * worker, finds where to post the result; here the bot only says "Sending…".
 */
export async function sendTestLeadFromSlack(
  deps: BotDeps,
  client: WebClient,
  request: TestLeadRequest,
): Promise<{ thread: ThreadRef; leadId: string | null }> {
  const known = request.thread ?? (await findDestinationThread(deps.prisma, request.destination.id));
  const sending = sendingTestLeadMessage({ destinationName: request.destination.name, leadId: null });
  let thread: ThreadRef;
  if (known && known.teamId === request.teamId) {
    thread = { teamId: known.teamId, channelId: known.channelId, threadTs: known.threadTs };
    await attachDestinationToThread(deps.prisma, request.accountId, request.destination.id, thread);
    await postInThread(client, thread, sending);
  } else {
    thread = await startDmThread(client, request.teamId, request.slackUserId, sending);
    await attachDestinationToThread(deps.prisma, request.accountId, request.destination.id, thread);
  }
  try {
    const sent = await sendTestLead(deps.testLeads, request.accountId, request.destination.id, request.fields ?? {});
    return { thread, leadId: sent.leadId };
  } catch (error) {
    await postInThread(client, thread, refusalMessage(`The test lead was not sent: ${describeError(error)}`));
    return { thread, leadId: null };
  }
}
