import type { KnownBlock } from "@slack/types";

export const HELP_TEXT = [
  "*/leadrelay* — leads from sellers to buyers",
  "• `/leadrelay status` — your account, connections, destinations and the next step",
  "• `/leadrelay destinations` — your destinations: test, fix credentials, edit mappings, or create one",
  "• `/leadrelay test` — send a test lead to your destination",
  "• `/leadrelay events` — the latest events with their outcomes",
  "• `/leadrelay invite <email> [field,field…]` — (sellers) invite a buyer to connect",
  "• `/leadrelay accept <invitation link or token>` — accept an invitation you got by email",
  "• `/leadrelay alerts …` — delivery alerts in a channel",
  "The *Home* tab shows the same at a glance.",
].join("\n");

export function helpBlocks(): KnownBlock[] {
  return [{ type: "section", text: { type: "mrkdwn", text: HELP_TEXT } }];
}
