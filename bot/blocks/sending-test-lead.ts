import type { KnownBlock } from "@slack/types";
import { escapeMrkdwn } from "./mrkdwn.ts";

/** Posted when a test lead goes out; the result follows in the same thread. */
export function sendingTestLeadBlocks(input: { destinationName: string; leadId: string | null }): KnownBlock[] {
  return [
    {
      type: "section",
      text: { type: "mrkdwn", text: `:test_tube: Sending a test lead to *${escapeMrkdwn(input.destinationName)}*… the result appears here.${input.leadId ? ` (lead \`${input.leadId}\`)` : ""}` },
    },
  ];
}
