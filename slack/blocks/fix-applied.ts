import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { resendFailedButton } from "./replay-messages.ts";
import { slack, type SlackText } from "./slack-text.ts";

/**
 * After "Update credentials" / "Edit field mappings" saved and verified (posted in the thread
 * the button was in, an alert channel's included): what happens next. Leads that failed for
 * good before the fix (`failed`, the replay window's) are offered: **Resend N failed leads**.
 * The waiting ones are retried by themselves and reported here when all are final.
 */
export function fixAppliedMessage(input: {
  what: string;
  destinationId: string;
  destinationName: string;
  waiting: number;
  failed?: number;
}): { text: SlackText; blocks: KnownBlock[] } {
  const what = escapeMrkdwn(input.what);
  const name = escapeMrkdwn(input.destinationName);
  const retrying =
    input.waiting > 0 && slack`Retrying ${input.waiting} waiting lead${input.waiting > 1 && slack`s`}: I'll post here how they went.`;
  const text = retrying
    ? slack`The ${what} of ${name} are updated and verified. ${retrying}`
    : slack`The ${what} of ${name} are updated and verified. Send a test lead to check.`;
  const headline = retrying
    ? slack`:key: The ${what} of *${name}* are updated and verified. ${retrying}`
    : slack`:white_check_mark: The ${what} of *${name}* are updated and verified. Send a test lead to check.`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", verbatim: true, text: headline } },
      ...(input.failed
        ? [
            {
              type: "context" as const,
              elements: [
                {
                  type: "mrkdwn" as const,
                  verbatim: true,
                  text: slack`${input.failed} lead${input.failed > 1 && slack`s`} failed for good before the fix. Resend them now that it works (each once).`,
                },
              ],
            },
          ]
        : []),
      ...(retrying && !input.failed
        ? []
        : [
            {
              type: "actions" as const,
              elements: [
                ...(retrying
                  ? []
                  : [
                      {
                        type: "button" as const,
                        action_id: ACTIONS.sendTestLead,
                        text: plain("Send test lead", LIMITS.button),
                        style: "primary" as const,
                        value: input.destinationId,
                      },
                    ]),
                ...(input.failed ? [resendFailedButton(input.destinationId, input.failed)] : []),
              ],
            },
          ]),
    ],
  };
}
