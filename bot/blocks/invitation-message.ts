import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { escapeMrkdwn, plain, slackDate, truncate } from "./mrkdwn.ts";

export interface InvitationMessageInput {
  invitationId: string;
  sellerName: string;
  invitedBy: string | null;
  email: string;
  fields: readonly string[];
  expiresAt: Date;
}

/** The DM an invited buyer gets: who invites them, what the seller will send, and the button. */
export function invitationMessage(input: InvitationMessageInput): { text: string; blocks: KnownBlock[] } {
  const seller = escapeMrkdwn(input.sellerName);
  const by = input.invitedBy ? ` (${escapeMrkdwn(input.invitedBy)})` : "";
  const fields = input.fields.length
    ? truncate(input.fields.map((field) => `\`${field}\``).join(", "), 2500)
    : "_not listed: ask them, or see your first test lead_";
  return {
    text: `${input.sellerName} invites you to connect on leadrelay and receive their leads`,
    blocks: [
      { type: "header", text: plain(`${input.sellerName} invites you to connect`) },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `*${seller}*${by} wants to send you leads through leadrelay. Accept to connect: if your company has no leadrelay account yet, a free one (LeadConduit for Partners) is created for you. Then choose where the leads go and send a test lead, all here.`,
        },
      },
      { type: "section", text: { type: "mrkdwn", text: `*Fields they will send:* ${fields}` } },
      {
        type: "actions",
        block_id: "invitation",
        elements: [{ type: "button", action_id: ACTIONS.acceptInvitation, text: plain("Accept invite to connect"), style: "primary", value: input.invitationId }],
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            text: `For ${escapeMrkdwn(input.email)} · expires ${slackDate(input.expiresAt, "{date_short_pretty}")}. If your company already has a leadrelay account, you need to be a member of it: I'll check when you accept.`,
          },
        ],
      },
    ],
  };
}
