import type { KnownBlock, ModalView } from "@slack/types";
import { ACTIONS, VIEWS } from "../action-ids.ts";
import { formModal } from "./form-modal.ts";
import { LIMITS, escapeMrkdwn, plain, possessive } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";
import { slack, type SlackText } from "./slack-text.ts";

export const INBOX_CODE_BLOCK = "code";

/**
 * The invitation was sent to another address than the person's Slack email: "We emailed a
 * 6-digit code there; enter it to accept as yourself". `invited` is already masked (s…@x).
 */
export function inboxCodeMessage(input: { invitationId: string; sellerName: string; invited: string; slackEmail: string }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const invited = escapeMrkdwn(input.invited);
  return {
    text: slack`This invitation was sent to ${invited}: enter the code emailed there to accept it`,
    blocks: [
      mrkdwnSection(
        slack`${possessive(input.sellerName, { bold: true })} invitation was sent to *${invited}*, not to your Slack email (${escapeMrkdwn(input.slackEmail)}). We emailed a 6-digit code there: enter it to accept as yourself. It works once, for 15 minutes.`,
      ),
      {
        type: "actions",
        block_id: "inbox_code",
        elements: [
          {
            type: "button",
            action_id: ACTIONS.enterInboxCode,
            text: plain("Enter the code", LIMITS.button),
            style: "primary",
            value: input.invitationId,
          },
          { type: "button", action_id: ACTIONS.resendInboxCode, text: plain("Email a new code", LIMITS.button), value: input.invitationId },
        ],
      },
    ],
  };
}

/** Without SMTP no code can be sent: the seller must invite the address the person uses in Slack. */
export function inboxCodeUnavailableMessage(input: { sellerName: string; invited: string; slackEmail: string }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const text = slack`This invitation was sent to ${escapeMrkdwn(input.invited)}, not to your Slack email (${escapeMrkdwn(input.slackEmail)}), and this leadrelay cannot email a code there to check it is yours. Ask ${escapeMrkdwn(input.sellerName)} to invite ${escapeMrkdwn(input.slackEmail)} instead.`;
  return { text, blocks: [mrkdwnSection(slack`:warning: ${text}`)] };
}

/** The modal the code is typed into. */
export function inboxCodeModal(input: { invited: string; privateMetadata: string }): ModalView {
  return formModal({
    callbackId: VIEWS.inboxCode,
    title: "Enter the code",
    submit: "Accept",
    privateMetadata: input.privateMetadata,
    blocks: [
      mrkdwnSection(slack`Enter the 6-digit code we emailed to *${escapeMrkdwn(input.invited)}*.`),
      {
        type: "input",
        block_id: INBOX_CODE_BLOCK,
        label: plain("Code"),
        element: {
          type: "plain_text_input",
          action_id: "value",
          min_length: 6,
          max_length: 7,
          placeholder: plain("123456", LIMITS.placeholder),
        },
      },
    ],
  });
}
