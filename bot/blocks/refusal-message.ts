import type { KnownBlock } from "@slack/types";
import { escapeMrkdwn } from "./mrkdwn.ts";

/** A plain answer when something cannot be done (an expired invitation, a missing permission). */
export function refusalMessage(message: string): { text: string; blocks: KnownBlock[] } {
  return { text: message, blocks: [{ type: "section", text: { type: "mrkdwn", text: `:warning: ${escapeMrkdwn(message)}` } }] };
}

/** A plain informative line. */
export function noteMessage(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(text) } }] };
}
