import type { ActionsBlock, KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, plain, possessive } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

export interface DestinationChoiceInput {
  sellerName: string;
  accountId: string;
  /** Paid accounts: the flow the new destination joins. */
  flowId: string | null;
  integrations: readonly { id: string; name: string }[];
  /** Paid accounts: destinations the flow could use instead of a new one. */
  existingDestinations: readonly { id: string; name: string }[];
}

/** Step 2 as a message: "Next: choose where <seller>'s leads go". */
export function destinationChoiceMessage(input: DestinationChoiceInput): { text: SlackText; blocks: KnownBlock[] } {
  return { text: slack`Next: choose where ${possessive(input.sellerName)} leads go`, blocks: destinationChoiceBlocks(input) };
}

/**
 * Step 2: "Create destination". One button per integration opens the destination modal with
 * that integration already chosen (one click fewer than picking it in the modal).
 */
export function destinationChoiceBlocks(input: DestinationChoiceInput): KnownBlock[] {
  const value = JSON.stringify({ accountId: input.accountId, flowId: input.flowId });
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: `*Next: create a destination.* Where should ${possessive(input.sellerName, { bold: true })} leads be delivered? Pick your system:`,
      },
    },
    {
      type: "actions",
      block_id: "destination_choice",
      elements: input.integrations.slice(0, 24).map((integration) => ({
        type: "button" as const,
        action_id: `${ACTIONS.createDestination}:${integration.id}`,
        text: plain(integration.name, LIMITS.button),
        value,
      })),
    },
  ];
  if (input.existingDestinations.length && input.flowId) {
    const attach: ActionsBlock = {
      type: "actions",
      block_id: `attach:${input.flowId}`,
      elements: [
        {
          type: "static_select",
          action_id: ACTIONS.attachDestination,
          placeholder: plain("Or use an existing destination", LIMITS.placeholder),
          options: input.existingDestinations
            .slice(0, 100)
            .map((destination) => ({ text: plain(destination.name, LIMITS.option), value: destination.id })),
        },
      ],
    };
    blocks.push(attach);
  }
  blocks.push({
    type: "context",
    elements: [{ type: "mrkdwn", verbatim: true, text: "You can change it later: `/leadrelay destinations`." }],
  });
  return blocks;
}
