import type { KnownBlock } from "@slack/types";
import type { AccountAdmin } from "../../core/members/list-account-admins.ts";
import { ACTIONS } from "../action-ids.ts";
import type { GrantAccessValue } from "../private-metadata.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { joinSlackText, slack, type SlackText } from "./slack-text.ts";

function adminList(admins: readonly AccountAdmin[]): SlackText {
  if (!admins.length) return slack`_no admin on record_`;
  return joinSlackText(
    admins.map((admin) => (admin.name ? slack`${escapeMrkdwn(admin.name)} (${escapeMrkdwn(admin.email)})` : escapeMrkdwn(admin.email))),
    ", ",
  );
}

/** To the invited person: their company's account exists and they are not (fully) in it. */
export function accessRequiredMessage(input: Parameters<typeof accessRequiredBlocks>[0]): { text: SlackText; blocks: KnownBlock[] } {
  return { text: slack`An admin of ${escapeMrkdwn(input.account.name)} must add you first`, blocks: accessRequiredBlocks(input) };
}

export function accessRequiredBlocks(input: {
  reason: "membership" | "lead_access";
  invitationId: string;
  account: { id: string; name: string };
  admins: readonly AccountAdmin[];
}): KnownBlock[] {
  const account = escapeMrkdwn(input.account.name);
  const situation =
    input.reason === "membership"
      ? slack`Your company already has a leadrelay account, *${account}*, and you are not a member of it yet.`
      : slack`You are a member of *${account}* but without lead access.`;
  return [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: slack`${situation} An admin must add you with lead access before you can accept for it.\n*Admins:* ${adminList(input.admins)}\nClick *Request access* and I'll ask them here in Slack; once one of them adds you, I'll tell you and you can accept.`,
      },
    },
    {
      type: "actions",
      block_id: "access_required",
      elements: [
        {
          type: "button",
          action_id: ACTIONS.requestAccess,
          text: plain("Request access"),
          style: "primary",
          value: JSON.stringify({ invitationId: input.invitationId, accountId: input.account.id }),
        },
      ],
    },
  ];
}

/** To each admin: one click adds the person as a member with lead access. */
export function accessRequestBlocks(input: { request: GrantAccessValue; accountName: string; sellerName: string }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const who = slack`${escapeMrkdwn(input.request.name)} (${escapeMrkdwn(input.request.email)})`;
  return {
    text: slack`${escapeMrkdwn(input.request.name)} asks to join ${escapeMrkdwn(input.accountName)}`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: slack`*${who}* asks to join *${escapeMrkdwn(input.accountName)}* with lead access, to accept an invitation to connect from *${escapeMrkdwn(input.sellerName)}*.`,
        },
      },
      {
        type: "actions",
        block_id: "access_request",
        elements: [
          {
            type: "button",
            action_id: ACTIONS.grantAccess,
            text: plain(`Add ${input.request.name}`, LIMITS.button),
            style: "primary",
            value: JSON.stringify(input.request),
          },
        ],
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            verbatim: true,
            text: "They join as a member (not an admin) with lead access. Ignore this message to decline.",
          },
        ],
      },
    ],
  };
}

/** Replaces the admin's request once handled (chat.update). */
export function accessGrantedMessage(input: Parameters<typeof accessGrantedBlocks>[0]): { text: SlackText; blocks: KnownBlock[] } {
  return { text: slack`${escapeMrkdwn(input.name)} was added`, blocks: accessGrantedBlocks(input) };
}

export function accessGrantedBlocks(input: { name: string; accountName: string; byYou: boolean; already: boolean }): KnownBlock[] {
  const text = input.already
    ? slack`:white_check_mark: ${escapeMrkdwn(input.name)} already is a member of *${escapeMrkdwn(input.accountName)}*: they now have lead access.`
    : slack`:white_check_mark: ${input.byYou ? slack`You added` : slack`Added`} ${escapeMrkdwn(input.name)} to *${escapeMrkdwn(input.accountName)}* with lead access.`;
  return [{ type: "section", text: { type: "mrkdwn", verbatim: true, text } }];
}

/** To the requester once added: accept now. */
export function accessGrantedToRequesterBlocks(input: { adminName: string; accountName: string; invitationId: string }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  return {
    text: slack`${escapeMrkdwn(input.adminName)} added you to ${escapeMrkdwn(input.accountName)}`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: slack`:tada: *${escapeMrkdwn(input.adminName)}* added you to *${escapeMrkdwn(input.accountName)}* with lead access. You can accept the invitation now.`,
        },
      },
      {
        type: "actions",
        block_id: "invitation_again",
        elements: [
          {
            type: "button",
            action_id: ACTIONS.acceptInvitation,
            text: plain("Accept invite to connect"),
            style: "primary",
            value: input.invitationId,
          },
        ],
      },
    ],
  };
}
