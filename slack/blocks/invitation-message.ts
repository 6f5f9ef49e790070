import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, clip, escapeMrkdwn, plain, slackDate } from "./mrkdwn.ts";
import { joinSlackText, slack, type SlackText } from "./slack-text.ts";

export interface InvitationMessageInput {
  invitationId: string;
  sellerName: string;
  invitedBy: string | null;
  email: string;
  fields: readonly string[];
  expiresAt: Date;
}

/** The DM an invited buyer gets: who invites them, what the seller will send, and the button. */
export function invitationMessage(input: InvitationMessageInput): { text: SlackText; blocks: KnownBlock[] } {
  const seller = escapeMrkdwn(input.sellerName);
  const by = input.invitedBy ? slack` (${escapeMrkdwn(input.invitedBy)})` : "";
  const fields = input.fields.length
    ? clip(
        joinSlackText(
          input.fields.map((field) => slack`\`${escapeMrkdwn(field)}\``),
          ", ",
        ),
        2500,
      )
    : slack`_not listed: ask them, or see your first test lead_`;
  return {
    text: slack`${seller} invites you to connect on leadrelay and receive their leads`,
    blocks: [
      { type: "header", text: plain(`${input.sellerName} invites you to connect`, LIMITS.header) },
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: slack`*${seller}*${by} wants to send you leads through leadrelay. Accept to connect: if your company has no leadrelay account yet, a free one (LeadConduit for Partners) is created for you. Then choose where the leads go and send a test lead, all here.`,
        },
      },
      { type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`*Fields they will send:* ${fields}` } },
      {
        type: "actions",
        block_id: "invitation",
        elements: [
          {
            type: "button",
            action_id: ACTIONS.acceptInvitation,
            text: plain("Accept invite to connect", LIMITS.button),
            style: "primary",
            value: input.invitationId,
          },
        ],
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            verbatim: true,
            text: `For ${escapeMrkdwn(input.email)} · expires ${slackDate(input.expiresAt, "{date_short_pretty}")}. If your company already has a leadrelay account, you need to be a member of it: I'll check when you accept.`,
          },
        ],
      },
    ],
  };
}

/** The seller's answer to `/leadrelay invite`: sent (and how), or the link to pass on. */
export function invitationSentReply(input: {
  created: boolean;
  email: string;
  accountName: string;
  /** How the email went ("Sent by email to …"); null when no email was sent. */
  emailDetail: string | null;
  /** False when the person was already told within the last day, so nothing went out again. */
  notified: boolean;
  acceptUrl: string;
}): { response_type: "ephemeral"; text: SlackText } {
  // Whether Slack knows the person is never said: it would tell any account who is in which workspace.
  const invited = input.created ? slack`Invited` : slack`Invited again`;
  const email = escapeMrkdwn(input.email);
  const account = escapeMrkdwn(input.accountName);
  const slackLine = slack`If they are in a Slack workspace with leadrelay, they get a direct message too. \`/leadrelay buyers\` shows when they accept, connect a destination and get their first lead.`;
  const text = input.emailDetail
    ? slack`${invited} ${email} to connect with ${account}: ${escapeMrkdwn(input.emailDetail)}. ${slackLine}`
    : slack`${invited} ${email} to connect with ${account}. ${slackLine} ${input.notified ? "" : slack`They were already notified in the last 24 hours, so nothing was sent again. `}To be sure they get it, send them this link yourself (it works once, for ${email} only): ${escapeMrkdwn(input.acceptUrl)}`;
  return { response_type: "ephemeral", text };
}
