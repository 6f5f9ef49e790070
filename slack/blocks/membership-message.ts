import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { escapeMrkdwn, plain } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

/**
 * To a person an account added: nothing counts until they say yes. The buttons name the pending
 * membership by id; clicking checks it against the clicker's verified Slack email.
 */
export function membershipMessage(input: { membershipId: string; accountName: string; role: "admin" | "member"; leadAccess: boolean }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const account = escapeMrkdwn(input.accountName);
  const what = slack`${input.role === "admin" ? slack`an admin` : slack`a member`}${input.leadAccess ? slack` with access to leads` : ""}`;
  return {
    text: slack`${account} added you on leadrelay: join or decline`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: slack`*${account}* added you as ${what} of their leadrelay account. You are not a member until you say yes; if you do not know them, decline.`,
        },
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
export function membershipDecidedMessage(input: { decision: "join" | "decline"; accountName: string }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const account = escapeMrkdwn(input.accountName);
  const joined = input.decision === "join";
  return {
    text: joined ? slack`You joined ${account}` : slack`You declined to join ${account}`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: joined ? slack`:white_check_mark: You joined *${account}*.` : slack`You declined to join *${account}*.`,
        },
      },
    ],
  };
}
