import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, plain, possessive } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

export function accountChoiceBlockId(invitationId: string): string {
  return `account_choice:${invitationId}`;
}

export function parseAccountChoiceBlockId(blockId: string): string | null {
  const [kind, invitationId] = blockId.split(":");
  return kind === "account_choice" && invitationId ? invitationId : null;
}

/** A person in several accounts says which one accepts. */
export function accountChoiceMessage(input: Parameters<typeof accountChoiceBlocks>[0]): { text: SlackText; blocks: KnownBlock[] } {
  return { text: slack`Which account accepts ${possessive(input.sellerName)} invitation?`, blocks: accountChoiceBlocks(input) };
}

export function accountChoiceBlocks(input: {
  invitationId: string;
  sellerName: string;
  accounts: readonly { id: string; name: string }[];
}): KnownBlock[] {
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: `You belong to several leadrelay accounts. Which one should receive ${possessive(input.sellerName, { bold: true })} leads?`,
      },
    },
    {
      type: "actions",
      block_id: accountChoiceBlockId(input.invitationId),
      elements: [
        {
          type: "static_select",
          action_id: ACTIONS.acceptAsAccount,
          placeholder: plain("Choose the account", LIMITS.placeholder),
          options: input.accounts.slice(0, 100).map((account) => ({ text: plain(account.name, LIMITS.option), value: account.id })),
        },
      ],
    },
  ];
}
