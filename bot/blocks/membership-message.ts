import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { plain } from "./mrkdwn.ts";
import { escapeSlackText, mrkdwn } from "./slack-text.ts";

/**
 * To a person an account added: nothing counts until they say yes. The buttons name the pending
 * membership by id; clicking checks it against the clicker's verified Slack email.
 */
export function membershipMessage(input: { membershipId: string; accountName: string; role: "admin" | "member"; leadAccess: boolean }): { text: string; blocks: KnownBlock[] } {
  const account = escapeSlackText(input.accountName);
  const what = `${input.role === "admin" ? "an admin" : "a member"}${input.leadAccess ? " with access to leads" : ""}`;
  return {
    text: `${account} added you on leadrelay: join or decline`,
    blocks: [
      {
        type: "section",
        text: mrkdwn(`*${account}* added you as ${what} of their leadrelay account. You are not a member until you say yes; if you do not know them, decline.`),
      },
      {
        type: "actions",
        block_id: "membership_confirm",
        elements: [
          { type: "button", action_id: ACTIONS.joinAccount, text: plain("Join"), style: "primary", value: input.membershipId },
          { type: "button", action_id: ACTIONS.declineAccount, text: plain("Decline"), value: input.membershipId },
        ],
      },
    ],
  };
}

/** Replaces the question once answered. */
export function membershipDecidedMessage(input: { decision: "join" | "decline"; accountName: string }): { text: string; blocks: KnownBlock[] } {
  const account = escapeSlackText(input.accountName);
  const text = input.decision === "join" ? `:white_check_mark: You joined *${account}*.` : `You declined to join *${account}*.`;
  return { text: input.decision === "join" ? `You joined ${account}` : `You declined to join ${account}`, blocks: [{ type: "section", text: mrkdwn(text) }] };
}
