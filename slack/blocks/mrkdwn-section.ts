import type { SectionBlock } from "@slack/types";

/**
 * A section of mrkdwn text, taken as written (`verbatim`: Slack does not turn bare URLs, channel
 * names or mentions into links). The text must already be escaped (see slack-text.ts).
 */
export function mrkdwnSection(text: string): SectionBlock {
  return { type: "section", text: { type: "mrkdwn", verbatim: true, text } };
}
