import type { KnownBlock } from "@slack/types";
import { escapeSlackText, slack, type SlackText } from "./slack-text.ts";

/** A plain answer when something cannot be done (an expired invitation, a missing permission). `message` may hold names: it is escaped. */
export function refusalMessage(message: string): { text: SlackText; blocks: KnownBlock[] } {
  const text = escapeSlackText(message);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`:warning: ${text}` } }] };
}

/** A plain informative line (escaped whole: it may hold names). */
export function noteMessage(message: string): { text: SlackText; blocks: KnownBlock[] } {
  const text = escapeSlackText(message);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text } }] };
}

/** A slash command's one-line ephemeral answer (escaped whole: it may hold names). */
export function noteReply(message: string): { response_type: "ephemeral"; text: SlackText } {
  return { response_type: "ephemeral", text: escapeSlackText(message) };
}
