import type { KnownBlock } from "@slack/types";
import { joinSlackText, slack, type SlackText } from "./slack-text.ts";

/** What `/leadrelay` can do. `<email>` and `<link>` are written as entities: `<` starts a link in Slack text. */
export const HELP_TEXT: SlackText = joinSlackText(
  [
    slack`*/leadrelay* — leads from sellers to buyers`,
    slack`• \`/leadrelay status\` — your account, connections, destinations and the next step`,
    slack`• \`/leadrelay destinations\` — your destinations: test, fix credentials, edit mappings, or create one`,
    slack`• \`/leadrelay test\` — send a test lead to your destination`,
    slack`• \`/leadrelay events\` — the latest events with their outcomes`,
    slack`• \`/leadrelay invite &lt;email&gt; [field,field…]\` — (sellers) invite a buyer to connect`,
    slack`• \`/leadrelay buyers\` — (sellers) your buyers: invited, accepted, destination connected, first lead delivered`,
    slack`• \`/leadrelay accept &lt;invitation link or token&gt;\` — accept an invitation you got by email`,
    slack`• \`/leadrelay alerts …\` — delivery alerts in a channel`,
    slack`• \`/leadrelay replay\` — resend failed leads, or deliver the leads that arrived before a destination`,
    slack`The *Home* tab shows the same at a glance.`,
  ],
  "\n",
);

export function helpBlocks(): KnownBlock[] {
  return [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: HELP_TEXT } }];
}

/** `/leadrelay help` (and an unknown subcommand) as an ephemeral answer. */
export function helpMessage(): { response_type: "ephemeral"; text: SlackText; blocks: KnownBlock[] } {
  return { response_type: "ephemeral", text: HELP_TEXT, blocks: helpBlocks() };
}
