import type { ModalView } from "@slack/types";
import { VIEWS } from "../action-ids.ts";
import { formModal } from "./form-modal.ts";
import { escapeMrkdwn, plain, truncate } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";

export const MAPPINGS_BLOCK = "mappings";

/** "Edit field mappings": the destination's mappings, one `field = template` per line. */
export function mappingsModal(input: {
  destinationName: string;
  integrationName: string;
  mappingsText: string;
  requiredFields: readonly string[];
  privateMetadata: string;
}): ModalView {
  return formModal({
    callbackId: VIEWS.mappings,
    title: "Edit field mappings",
    submit: "Save and verify",
    privateMetadata: input.privateMetadata,
    blocks: [
      mrkdwnSection(
        `Outbound field mapping for *${escapeMrkdwn(input.destinationName)}*: each line sets one ${escapeMrkdwn(input.integrationName)} field from the lead, e.g. \`firstname = {{lead.first_name}}\`.${input.requiredFields.length ? ` ${escapeMrkdwn(input.integrationName)} requires: ${input.requiredFields.map((f) => `\`${escapeMrkdwn(f)}\``).join(", ")}.` : ""}`,
      ),
      {
        type: "input",
        block_id: MAPPINGS_BLOCK,
        optional: true,
        label: plain("Field mappings"),
        hint: plain("Empty: the integration's default mappings."),
        element: {
          type: "plain_text_input",
          action_id: "value",
          multiline: true,
          max_length: 3000,
          ...(input.mappingsText ? { initial_value: truncate(input.mappingsText, 3000) } : {}),
        },
      },
    ],
  });
}
