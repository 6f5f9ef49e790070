import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, escapeMrkdwn, plain, possessive } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

export const BUYER_STEP_FLOW_LABEL = "Create a new flow (Buyer Step Flow)";

/** Block id of the existing-flow select: it carries what the option values cannot (150 chars). */
export function flowChoiceBlockId(invitationId: string, accountId: string): string {
  return `flow_choice:${invitationId}:${accountId}`;
}

export function parseFlowChoiceBlockId(blockId: string): { invitationId: string; accountId: string } | null {
  const [kind, invitationId, accountId] = blockId.split(":");
  return kind === "flow_choice" && invitationId && accountId ? { invitationId, accountId } : null;
}

/** Paid buyers: receive the seller's leads in a new "Buyer Step Flow" or in an existing flow. */
export function flowChoiceMessage(input: Parameters<typeof flowChoiceBlocks>[0]): { text: SlackText; blocks: KnownBlock[] } {
  return { text: slack`Where should ${possessive(input.sellerName)} leads go?`, blocks: flowChoiceBlocks(input) };
}

export function flowChoiceBlocks(input: {
  invitationId: string;
  sellerName: string;
  account: { id: string; name: string };
  flows: readonly { id: string; name: string }[];
}): KnownBlock[] {
  const value = JSON.stringify({ invitationId: input.invitationId, accountId: input.account.id });
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: `You're accepting for *${escapeMrkdwn(input.account.name)}* (LeadConduit). Where do you want ${possessive(input.sellerName, { bold: true })} leads? A new flow gets them as its Account Source; in an existing flow they are added as one.`,
      },
    },
    {
      type: "actions",
      block_id: flowChoiceBlockId(input.invitationId, input.account.id),
      elements: [
        {
          type: "button",
          action_id: ACTIONS.acceptWithNewFlow,
          text: plain(BUYER_STEP_FLOW_LABEL, LIMITS.button),
          style: "primary",
          value,
        },
        ...(input.flows.length
          ? [
              {
                type: "static_select" as const,
                action_id: ACTIONS.acceptWithExistingFlow,
                placeholder: plain("Use an existing flow", LIMITS.placeholder),
                options: input.flows.slice(0, 100).map((flow) => ({ text: plain(flow.name, LIMITS.option), value: flow.id })),
              },
            ]
          : []),
      ],
    },
  ];
}
