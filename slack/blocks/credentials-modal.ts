import type { ModalView } from "@slack/types";
import type { AuthMethod } from "../../core/integrations/integration.ts";
import { VIEWS } from "../action-ids.ts";
import { authorizeButton } from "./authorize-button.ts";
import { formModal } from "./form-modal.ts";
import { typedCredentialFields } from "./destination-modal.ts";
import { escapeMrkdwn, plain } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";

export function credentialsBlockId(field: string): string {
  return `cred.${field}`;
}

/**
 * "Update credentials": only the credential inputs of the destination's auth method, empty
 * (the stored values are never shown; a masked hint says which one is stored). Inputs left
 * empty keep their stored value.
 */
export function credentialsModal(input: {
  destinationName: string;
  authMethod: AuthMethod;
  hints: Readonly<Record<string, string>>;
  privateMetadata: string;
  problems?: string[];
  /** OAuth destinations: sign in again instead ("Authorize in Salesforce"). */
  authorizeUrl?: string | null;
}): ModalView {
  const fields = typedCredentialFields(input.authMethod);
  const only = fields.length === 1;
  return formModal({
    callbackId: VIEWS.credentials,
    title: "Update credentials",
    submit: "Save and verify",
    privateMetadata: input.privateMetadata,
    blocks: [
      mrkdwnSection(
        `${input.problems?.length ? `:warning: *Not saved:* ${escapeMrkdwn(input.problems.join("; "))}\n` : ""}New credentials for *${escapeMrkdwn(input.destinationName)}* (${escapeMrkdwn(input.authMethod.label)}). They are checked before they are saved${only ? "" : "; inputs left empty keep their current value"}. Leads waiting for this destination are retried once they work.${input.authorizeUrl ? " If the sign-in expired or was revoked, authorize again instead." : ""}`,
      ),
      ...(input.authorizeUrl
        ? [{ type: "actions" as const, block_id: "authorize", elements: [authorizeButton("Authorize again", input.authorizeUrl)] }]
        : []),
      ...fields.map((field) => ({
        type: "input" as const,
        block_id: credentialsBlockId(field.name),
        optional: !only || (field.optional ?? false),
        label: plain(field.label),
        hint: plain(
          [input.hints[field.name] ? `Current: ${input.hints[field.name]}` : null, field.hint ?? null].filter(Boolean).join(" · ") ||
            "Paste the new value",
          2000,
        ),
        element: { type: "plain_text_input" as const, action_id: "value", max_length: 3000 },
      })),
    ],
  });
}
