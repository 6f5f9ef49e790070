import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { authorizeButton } from "./authorize-button.ts";
import { escapeMrkdwn, plain } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";
import { deliverUndeliveredButton } from "./replay-messages.ts";
import { joinSlackText, slack, type SlackText } from "./slack-text.ts";

export interface DestinationReadyInput {
  destinationId: string;
  destinationName: string;
  integrationName: string;
  /** The verify summary ("Connected to HubSpot; 7 mapped properties exist"). */
  verified: string | null;
  /** Sellers posting into the destination's flow, with the URL they post to (never their key). */
  sellers: readonly { name: string; submitUrl: string | null }[];
  /** Set while the destination waits for its OAuth sign-in ("Authorize in Salesforce"). */
  authorizeUrl?: string | null;
  /** Leads its flows accepted before it was attached (no delivery to it): offers to deliver them. */
  undelivered?: number;
}

/** Step 4's offer as a message: "<name> is set up: send a test lead" (or "… is saved: authorize it in …"). */
export function destinationSetUpMessage(input: DestinationReadyInput): { text: SlackText; blocks: KnownBlock[] } {
  const name = escapeMrkdwn(input.destinationName);
  const text = input.authorizeUrl
    ? slack`${name} is saved: authorize it in ${escapeMrkdwn(input.integrationName)}`
    : slack`${name} is set up: send a test lead`;
  return { text, blocks: destinationReadyBlocks(input) };
}

/** Step 4's offer: send a test lead now, or have the seller send one. */
export function destinationReadyBlocks(input: DestinationReadyInput): KnownBlock[] {
  const name = escapeMrkdwn(input.destinationName);
  const sellers = input.sellers.map((seller) => escapeMrkdwn(seller.name));
  const from = sellers.length ? slack` Leads from *${joinSlackText(sellers, "*, *")}* go there.` : "";
  const integration = escapeMrkdwn(input.integrationName);
  const blocks: KnownBlock[] = input.authorizeUrl
    ? [
        mrkdwnSection(
          `:lock: *${name}* is saved. *Authorize in ${integration}* to connect it (you sign in there; the link works for 15 minutes), then send a test lead.${from}`,
        ),
        {
          type: "actions",
          block_id: "destination_ready",
          elements: [
            authorizeButton(`Authorize in ${input.integrationName}`, input.authorizeUrl),
            { type: "button", action_id: ACTIONS.sendTestLead, text: plain("Send test lead"), value: input.destinationId },
          ],
        },
      ]
    : [
        mrkdwnSection(
          `:white_check_mark: *${name}* (${integration}) is set up${input.verified ? ` and verified: ${escapeMrkdwn(input.verified)}` : ""}.${from}`,
        ),
        {
          type: "actions",
          block_id: "destination_ready",
          elements: [
            {
              type: "button",
              action_id: ACTIONS.sendTestLead,
              text: plain("Send test lead"),
              style: "primary",
              value: input.destinationId,
            },
            ...(input.undelivered ? [deliverUndeliveredButton(input.destinationId, input.undelivered)] : []),
          ],
        },
      ];
  if (input.undelivered && !input.authorizeUrl) {
    const count = input.undelivered === 1 ? slack`1 lead` : slack`${input.undelivered} leads`;
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          verbatim: true,
          text: slack`${count} arrived before *${name}* was attached and ${input.undelivered === 1 ? slack`was` : slack`were`} never sent anywhere: *Deliver* sends them now (each once).`,
        },
      ],
    });
  }
  const posting = input.sellers.find((seller) => seller.submitUrl);
  if (posting) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          verbatim: true,
          text: `Your seller can send one too: *${escapeMrkdwn(posting.name)}* posts to \`${escapeMrkdwn(posting.submitUrl ?? "")}\` with \`is_test=true\`, using their own posting key (it is theirs; you never need it). Every test lead shows up in this thread and in \`/leadrelay events\`.`,
        },
      ],
    });
  }
  return blocks;
}
