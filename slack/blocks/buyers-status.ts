import type { KnownBlock } from "@slack/types";
import type { BuyerStage, BuyerStatus } from "../../core/partners/buyer-statuses.ts";
import { clip, escapeMrkdwn, slackDate, truncate } from "./mrkdwn.ts";
import { joinSlackText, slack, type SlackText } from "./slack-text.ts";

const STAGE_LABEL: Record<BuyerStage, SlackText> = {
  invited: slack`:email: invited, not accepted yet`,
  invitation_expired: slack`:hourglass: invitation expired: invite again`,
  accepted: slack`:handshake: accepted, no destination yet`,
  destination_connected: slack`:electric_plug: destination connected, no lead delivered yet`,
  lead_delivered: slack`:white_check_mark: first lead delivered`,
};

function statusLine(status: BuyerStatus): SlackText {
  const who = escapeMrkdwn(truncate(status.buyer, 100));
  const when =
    status.stage === "invited"
      ? slack` (expires ${slackDate(status.at!, "{date_short_pretty}")})`
      : status.stage === "lead_delivered"
        ? slack` ${slackDate(status.at!, "{date_short_pretty}")}${status.onlyTestLeads && slack` (test leads only so far)`}`
        : "";
  const paused =
    status.connectionStatus === "paused"
      ? slack` · connection paused`
      : status.connectionStatus === "ended"
        ? slack` · connection ended`
        : "";
  return slack`• *${who}*: ${STAGE_LABEL[status.stage]}${when}${paused}`;
}

/** The seller's answer to `/leadrelay buyers`: each invited buyer and how far they have got. */
export function buyersStatusReply(input: { accountName: string; statuses: readonly BuyerStatus[]; more: boolean }): {
  response_type: "ephemeral";
  text: SlackText;
  blocks: KnownBlock[];
} {
  const account = escapeMrkdwn(input.accountName);
  if (!input.statuses.length) {
    const text = slack`${account} has not invited any buyer yet. Invite one with \`/leadrelay invite buyer@example.com\`.`;
    return { response_type: "ephemeral", text, blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text } }] };
  }
  const lines = clip(joinSlackText(input.statuses.map(statusLine), "\n"), 2900);
  return {
    response_type: "ephemeral",
    text: slack`The buyers ${account} invited, and how far each has got`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`*Buyers of ${account}* (newest first)` } },
      { type: "section", text: { type: "mrkdwn", verbatim: true, text: lines } },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            verbatim: true,
            text: slack`${input.more && slack`Only the 25 newest are shown (GET /connections and GET /invitations list all). `}Invited → accepted → destination connected → first lead delivered. \`/leadrelay invite <email>\` invites another.`,
          },
        ],
      },
    ],
  };
}
