import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { escapeMrkdwn, plain, truncate } from "./mrkdwn.ts";

export function accountChoiceBlockId(invitationId: string): string {
  return `account_choice:${invitationId}`;
}

export function parseAccountChoiceBlockId(blockId: string): string | null {
  const [kind, invitationId] = blockId.split(":");
  return kind === "account_choice" && invitationId ? invitationId : null;
}

/** A person in several accounts says which one accepts. */
export function accountChoiceBlocks(input: { invitationId: string; sellerName: string; accounts: readonly { id: string; name: string }[] }): KnownBlock[] {
  return [
    { type: "section", text: { type: "mrkdwn", text: `You belong to several leadrelay accounts. Which one should receive *${escapeMrkdwn(input.sellerName)}*'s leads?` } },
    {
      type: "actions",
      block_id: accountChoiceBlockId(input.invitationId),
      elements: [
        {
          type: "static_select",
          action_id: ACTIONS.acceptAsAccount,
          placeholder: plain("Choose the account"),
          options: input.accounts.slice(0, 100).map((account) => ({ text: plain(truncate(account.name, 75)), value: account.id })),
        },
      ],
    },
  ];
}
