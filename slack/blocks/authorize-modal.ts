import type { ModalView } from "@slack/types";
import { authorizeButton } from "./authorize-button.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";

/** The destination modal once an OAuth destination is saved: sign in to finish. */
export function authorizeModal(input: { destinationName: string; integrationName: string; authorizeUrl: string }): ModalView {
  return {
    type: "modal",
    callback_id: "destination_authorize",
    title: plain("Create destination", LIMITS.title),
    close: plain("Done", LIMITS.title),
    blocks: [
      mrkdwnSection(
        `:lock: *${escapeMrkdwn(input.destinationName)}* is saved. Authorize leadrelay in ${escapeMrkdwn(input.integrationName)} to connect it; then send a test lead from our conversation.`,
      ),
      { type: "actions", block_id: "authorize", elements: [authorizeButton(`Authorize in ${input.integrationName}`, input.authorizeUrl)] },
    ],
  };
}
