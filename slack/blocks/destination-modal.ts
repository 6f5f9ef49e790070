import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { AuthMethod, CredentialField, Integration } from "../../core/integrations/integration.ts";
import { ACTIONS, VIEWS } from "../action-ids.ts";
import { formatMappings } from "./mappings-text.ts";
import { LIMITS, escapeMrkdwn, plain, truncate } from "./mrkdwn.ts";
import { settingFields } from "./setting-fields.ts";

/** Block ids of the destination modal's inputs (`response_action: "errors"` targets them). */
export const DESTINATION_BLOCKS = {
  integration: "integration",
  name: "name",
  description: "description",
  authMethod: "auth_method",
  action: "action",
  mappings: "mappings",
} as const;

/** Credential inputs are keyed by integration and auth method, so switching either starts them empty. */
export function credentialBlockId(integrationId: string, authMethodId: string, field: string): string {
  return `cred.${integrationId}.${authMethodId}.${field}`;
}

export function settingBlockId(integrationId: string, key: string): string {
  return `setting.${integrationId}.${key}`;
}

/** Non-secret values to show again (after a switch, or a verify that failed after the ack). Never credentials. */
export interface DestinationFormValues {
  name?: string;
  description?: string;
  action?: string;
  settings?: Record<string, string>;
  mappings?: string;
}

export interface DestinationModalInput {
  integrations: readonly Integration[];
  integrationId?: string | null;
  authMethodId?: string | null;
  values?: DestinationFormValues;
  /** Problems found after the modal was answered ("Checking…"), shown at the top. */
  problems?: string[];
  privateMetadata: string;
}

/**
 * "Create destination": the integration first (its select dispatches an action, and the bot
 * redraws this modal with views.update), then the guide's step 3 in the same modal: name,
 * description, authentication method, credentials, action, additional settings and field
 * mappings prefilled with the integration's defaults. Credential inputs never get an
 * initial value: what the buyer typed is never sent back to Slack.
 */
export function destinationModal(input: DestinationModalInput): ModalView {
  const integration = input.integrations.find((candidate) => candidate.id === input.integrationId);
  const blocks: KnownBlock[] = [];
  if (input.problems?.length) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: `:warning: *Not saved yet:*\n${input.problems.map((p) => `• ${escapeMrkdwn(p)}`).join("\n")}`,
      },
    });
  }
  const option = (value: string, text: string, description?: string): PlainTextOption => ({
    text: plain(text, LIMITS.option),
    value,
    ...(description ? { description: plain(description, LIMITS.option) } : {}),
  });
  const integrationOptions = input.integrations.map((candidate) => option(candidate.id, candidate.name, candidate.description));
  const chosenIntegration = integrationOptions.find((o) => o.value === integration?.id);
  blocks.push({
    type: "input",
    block_id: DESTINATION_BLOCKS.integration,
    dispatch_action: true,
    label: plain("Integration"),
    element: {
      type: "static_select",
      action_id: ACTIONS.integrationSelect,
      placeholder: plain("Where should leads go?"),
      options: integrationOptions,
      ...(chosenIntegration ? { initial_option: chosenIntegration } : {}),
    },
  });
  if (!integration) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", verbatim: true, text: "Choose the system your leads go to; its settings appear here." }],
    });
    return modal(blocks, input.privateMetadata);
  }

  const values = input.values ?? {};
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", verbatim: true, text: escapeMrkdwn(integration.description) }] });
  blocks.push({
    type: "input",
    block_id: DESTINATION_BLOCKS.name,
    label: plain("Name"),
    hint: plain("A unique, descriptive name, e.g. “HubSpot – inbound mortgage leads”"),
    element: { type: "plain_text_input", action_id: "value", max_length: 200, initial_value: values.name || integration.name },
  });
  blocks.push({
    type: "input",
    block_id: DESTINATION_BLOCKS.description,
    optional: true,
    label: plain("Description"),
    element: {
      type: "plain_text_input",
      action_id: "value",
      max_length: 1000,
      ...(values.description ? { initial_value: values.description } : {}),
    },
  });

  const authMethod = integration.authMethods.find((method) => method.id === input.authMethodId) ?? integration.authMethods[0];
  if (authMethod) {
    const authOptions = integration.authMethods.map((method) => option(method.id, method.label));
    blocks.push({
      type: "input",
      block_id: DESTINATION_BLOCKS.authMethod,
      dispatch_action: integration.authMethods.length > 1,
      label: plain("Authentication method"),
      element: {
        type: "static_select",
        action_id: ACTIONS.authMethodSelect,
        options: authOptions,
        initial_option: authOptions.find((o) => o.value === authMethod.id)!,
      },
    });
    const viaOAuth = authMethod.fields.some((field) => field.obtainedByOAuth);
    if (viaOAuth) {
      blocks.push({
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            verbatim: true,
            text: `After you save, an *Authorize in ${escapeMrkdwn(integration.name)}* button signs you in there; the tokens it returns are stored for you.`,
          },
        ],
      });
    }
    for (const field of typedCredentialFields(authMethod)) {
      blocks.push({
        type: "input",
        block_id: credentialBlockId(integration.id, authMethod.id, field.name),
        optional: field.optional ?? false,
        label: plain(field.label),
        ...(field.hint ? { hint: plain(field.hint, 2000) } : {}),
        element: {
          type: "plain_text_input",
          action_id: "value",
          max_length: 3000,
          ...(field.secret ? { placeholder: plain("Stored encrypted, never shown again") } : {}),
        },
      });
    }
  }

  const actionOptions = integration.actions.map((action) => option(action.id, action.label));
  blocks.push({
    type: "input",
    block_id: DESTINATION_BLOCKS.action,
    label: plain("Action"),
    element: {
      type: "static_select",
      action_id: "value",
      options: actionOptions,
      initial_option: actionOptions.find((o) => o.value === values.action) ?? actionOptions[0]!,
    },
  });

  const settings = settingFields(integration.settingsSchema);
  if (settings.length) blocks.push({ type: "section", text: { type: "mrkdwn", verbatim: true, text: "*Additional settings*" } });
  for (const setting of settings) {
    const current = values.settings?.[setting.key] ?? setting.defaultValue ?? "";
    const blockId = settingBlockId(integration.id, setting.key);
    if (setting.kind === "select") {
      const options = setting.options.map((value) => option(value, value));
      const initial = options.find((o) => o.value === current);
      blocks.push({
        type: "input",
        block_id: blockId,
        optional: setting.optional,
        label: plain(setting.label),
        element: { type: "static_select", action_id: "value", options, ...(initial ? { initial_option: initial } : {}) },
      });
      continue;
    }
    blocks.push({
      type: "input",
      block_id: blockId,
      optional: setting.optional,
      label: plain(setting.label),
      ...(setting.hint ? { hint: plain(setting.hint) } : setting.kind === "lines" ? { hint: plain("One per line: Name: value") } : {}),
      element: {
        type: "plain_text_input",
        action_id: "value",
        multiline: setting.kind === "lines",
        ...(current ? { initial_value: current } : {}),
      },
    });
  }

  const mappingsText = values.mappings ?? formatMappings(integration.defaultMappings);
  const required = integration.fields.filter((field) => field.required).map((field) => field.name);
  blocks.push({
    type: "input",
    block_id: DESTINATION_BLOCKS.mappings,
    optional: true,
    label: plain("Field mappings"),
    hint: plain(
      `One per line: ${integration.name} field = template over the lead, e.g. firstname = {{lead.first_name}}.${required.length ? ` Required: ${required.join(", ")}.` : ""} Empty: the defaults.`,
      2000,
    ),
    element: {
      type: "plain_text_input",
      action_id: "value",
      multiline: true,
      max_length: 3000,
      ...(mappingsText ? { initial_value: truncate(mappingsText, 3000) } : {}),
    },
  });
  return modal(blocks, input.privateMetadata);
}

/**
 * The credential inputs the buyer types: with an OAuth method, the tokens the authorization
 * returns (and optional cached ones) are not asked for.
 */
export function typedCredentialFields(authMethod: AuthMethod): CredentialField[] {
  const viaOAuth = authMethod.fields.some((field) => field.obtainedByOAuth);
  return authMethod.fields.filter((field) => !field.obtainedByOAuth && !(viaOAuth && field.optional));
}

/**
 * Slack refuses a modal with input blocks and no submit button, so it is there even before the
 * integration is chosen; submitting then answers "Choose where leads go" on that input.
 */
function modal(blocks: KnownBlock[], privateMetadata: string): ModalView {
  return {
    type: "modal",
    callback_id: VIEWS.destination,
    title: plain("Create destination", LIMITS.title),
    close: plain("Cancel", LIMITS.title),
    submit: plain("Save and verify", LIMITS.title),
    private_metadata: privateMetadata,
    blocks,
  };
}
