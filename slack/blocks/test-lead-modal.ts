import type { KnownBlock, ModalView } from "@slack/types";
import { VIEWS } from "../action-ids.ts";
import { formModal } from "./form-modal.ts";
import { escapeMrkdwn, plain } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";
import { slack, type SlackText } from "./slack-text.ts";

export const TEST_LEAD_FIELD_PREFIX = "lead.";

/**
 * Step 4: a test lead the buyer can edit before it goes out (prefilled with the sample). It is
 * marked `is_test`, runs the real flow and is really delivered. `intro` leads the modal when it
 * follows a just-saved destination.
 */
export function testLeadModal(input: {
  destinationName: string;
  fields: Readonly<Record<string, string>>;
  privateMetadata: string;
  intro?: SlackText | null;
}): ModalView {
  const blocks: KnownBlock[] = [];
  if (input.intro) blocks.push(mrkdwnSection(input.intro));
  blocks.push(
    mrkdwnSection(
      `This test lead goes to *${escapeMrkdwn(input.destinationName)}* through your real flow, marked as a test. Edit the sample data if you like; empty fields are left out.`,
    ),
  );
  for (const [name, value] of Object.entries(input.fields)) {
    blocks.push({
      type: "input",
      block_id: `${TEST_LEAD_FIELD_PREFIX}${name}`,
      optional: true,
      label: plain(name, 2000),
      element: { type: "plain_text_input", action_id: "value", max_length: 500, ...(value ? { initial_value: value } : {}) },
    });
  }
  return formModal({
    callbackId: VIEWS.testLead,
    title: "Send test lead",
    submit: "Send test lead",
    privateMetadata: input.privateMetadata,
    blocks,
  });
}

/** The test-lead modal's intro right after a destination was saved (and what its check said). */
export function destinationSavedIntro(destinationName: string, verified: string | null): SlackText {
  return slack`:white_check_mark: *${escapeMrkdwn(destinationName)}* is saved${verified && slack` and verified: ${escapeMrkdwn(verified)}`}.\n*Now send a test lead* to see it arrive.`;
}
