import type { ModalView } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";

/** The destination modal once an OAuth destination is saved: sign in to finish. */
export function authorizeModal(input: { destinationName: string; integrationName: string; authorizeUrl: string }): ModalView {
  return {
    type: "modal",
    callback_id: "destination_authorize",
    title: plain("Create destination", LIMITS.title),
    close: plain("Done", LIMITS.title),
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: `:lock: *${escapeMrkdwn(input.destinationName)}* is saved. Authorize leadrelay in ${escapeMrkdwn(input.integrationName)} to connect it; then send a test lead from our conversation.`,
        },
      },
      {
        type: "actions",
        block_id: "authorize",
        elements: [
          {
            type: "button",
            action_id: ACTIONS.salesforceAuthorize,
            text: plain(`Authorize in ${input.integrationName}`, LIMITS.button),
            style: "primary",
            url: input.authorizeUrl,
          },
        ],
      },
    ],
  };
}
