import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { escapeMrkdwn, plain } from "./mrkdwn.ts";

export interface DestinationReadyInput {
  destinationId: string;
  destinationName: string;
  integrationName: string;
  /** The verify summary ("Connected to HubSpot; 7 mapped properties exist"). */
  verified: string | null;
  /** Sellers posting into the destination's flow, with the URL they post to (never their key). */
  sellers: readonly { name: string; submitUrl: string | null }[];
}

/** Step 4's offer: send a test lead now, or have the seller send one. */
export function destinationReadyBlocks(input: DestinationReadyInput): KnownBlock[] {
  const name = escapeMrkdwn(input.destinationName);
  const sellers = input.sellers.map((seller) => escapeMrkdwn(seller.name));
  const from = sellers.length ? ` Leads from *${sellers.join("*, *")}* go there.` : "";
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: { type: "mrkdwn", text: `:white_check_mark: *${name}* (${escapeMrkdwn(input.integrationName)}) is set up${input.verified ? ` and verified: ${escapeMrkdwn(input.verified)}` : ""}.${from}` },
    },
    {
      type: "actions",
      block_id: "destination_ready",
      elements: [{ type: "button", action_id: ACTIONS.sendTestLead, text: plain("Send test lead"), style: "primary", value: input.destinationId }],
    },
  ];
  const posting = input.sellers.find((seller) => seller.submitUrl);
  if (posting) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Your seller can send one too: *${escapeMrkdwn(posting.name)}* posts to \`${posting.submitUrl}\` with \`is_test=true\`, using their own posting key (it is theirs; you never need it). Every test lead shows up in this thread and in \`/leadrelay events\`.`,
        },
      ],
    });
  }
  return blocks;
}

/** Posted when a test lead goes out; the result follows in the same thread. */
export function sendingTestLeadBlocks(input: { destinationName: string; leadId: string | null }): KnownBlock[] {
  return [
    {
      type: "section",
      text: { type: "mrkdwn", text: `:test_tube: Sending a test lead to *${escapeMrkdwn(input.destinationName)}*… the result appears here.${input.leadId ? ` (lead \`${input.leadId}\`)` : ""}` },
    },
  ];
}
