import type { KnownBlock } from "@slack/types";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

/** Posted when a test lead goes out; the result follows in the same thread. */
export function sendingTestLeadMessage(input: { destinationName: string; leadId: string | null }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  return { text: slack`Sending a test lead to ${escapeMrkdwn(input.destinationName)}…`, blocks: sendingTestLeadBlocks(input) };
}

export function sendingTestLeadBlocks(input: { destinationName: string; leadId: string | null }): KnownBlock[] {
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: slack`:test_tube: Sending a test lead to *${escapeMrkdwn(input.destinationName)}*… the result appears here.${input.leadId ? slack` (lead \`${escapeMrkdwn(input.leadId)}\`)` : ""}`,
      },
    },
  ];
}
