import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

/**
 * After "Update credentials" / "Edit field mappings" saved and verified (posted in the thread
 * the button was in, an alert channel's included): what happens next.
 */
export function fixAppliedMessage(input: { what: string; destinationId: string; destinationName: string; waiting: number }): { text: SlackText; blocks: KnownBlock[] } {
  const what = escapeMrkdwn(input.what);
  const name = escapeMrkdwn(input.destinationName);
  const retrying = input.waiting > 0 && slack`Retrying ${input.waiting} waiting lead${input.waiting > 1 && slack`s`}: the result appears here.`;
  const text = retrying ? slack`The ${what} of ${name} are updated and verified. ${retrying}` : slack`The ${what} of ${name} are updated and verified. Send a test lead to check.`;
  const headline = retrying
    ? slack`:key: The ${what} of *${name}* are updated and verified. ${retrying}`
    : slack`:white_check_mark: The ${what} of *${name}* are updated and verified. Send a test lead to check.`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", verbatim: true, text: headline } },
      ...(retrying
        ? []
        : [{ type: "actions" as const, elements: [{ type: "button" as const, action_id: ACTIONS.sendTestLead, text: plain("Send test lead", LIMITS.button), style: "primary" as const, value: input.destinationId }] }]),
    ],
  };
}
