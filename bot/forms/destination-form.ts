import type { DestinationInput } from "../../core/destinations/destination-input.ts";
import type { Integration, VerifyProblem } from "../../core/integrations/integration.ts";
import {
  credentialBlockId,
  DESTINATION_BLOCKS,
  settingBlockId,
  typedCredentialFields,
  type DestinationFormValues,
} from "../../slack/blocks/destination-modal.ts";
import { parseMappings } from "../../slack/blocks/mappings-text.ts";
import { parseLines, settingFields } from "../../slack/blocks/setting-fields.ts";
import { inputValue, type ViewStateValues } from "./view-state.ts";

export type DestinationForm =
  | { ok: true; input: DestinationInput; values: DestinationFormValues; integration: Integration; authMethodId: string | null }
  | { ok: false; errors: Record<string, string> };

/** Reads the destination modal's submitted state into createDestination's input (credentials included, only in memory). */
export function readDestinationForm(values: ViewStateValues, integrations: readonly Integration[]): DestinationForm {
  const integrationId = inputValue(values, DESTINATION_BLOCKS.integration);
  const integration = integrations.find((candidate) => candidate.id === integrationId);
  if (!integration) return { ok: false, errors: { [DESTINATION_BLOCKS.integration]: "Choose where leads go" } };
  const errors: Record<string, string> = {};
  const authMethodId = inputValue(values, DESTINATION_BLOCKS.authMethod) || integration.authMethods[0]?.id || null;
  const authMethod = integration.authMethods.find((method) => method.id === authMethodId);

  const credentials: Record<string, string> = {};
  for (const field of authMethod ? typedCredentialFields(authMethod) : []) {
    const value = inputValue(values, credentialBlockId(integration.id, authMethod!.id, field.name));
    if (value) credentials[field.name] = value;
  }
  const settings: Record<string, unknown> = {};
  const shownSettings: Record<string, string> = {};
  for (const setting of settingFields(integration.settingsSchema)) {
    const blockId = settingBlockId(integration.id, setting.key);
    const text = inputValue(values, blockId);
    if (!text) continue;
    shownSettings[setting.key] = text;
    if (setting.kind === "lines") {
      const parsed = parseLines(text);
      if (parsed.ok) settings[setting.key] = parsed.value;
      else errors[blockId] = parsed.message;
    } else settings[setting.key] = text;
  }
  const mappingsText = inputValue(values, DESTINATION_BLOCKS.mappings);
  const mappings = mappingsText ? parseMappings(mappingsText) : null;
  if (mappings && !mappings.ok) errors[DESTINATION_BLOCKS.mappings] = mappings.message;
  const name = inputValue(values, DESTINATION_BLOCKS.name);
  if (!name) errors[DESTINATION_BLOCKS.name] = "Give the destination a name";
  if (Object.keys(errors).length) return { ok: false, errors };

  const description = inputValue(values, DESTINATION_BLOCKS.description);
  const action = inputValue(values, DESTINATION_BLOCKS.action) || undefined;
  return {
    ok: true,
    integration,
    authMethodId,
    input: {
      integration: integration.id,
      name,
      description: description || null,
      auth_method: authMethodId,
      action,
      settings,
      ...(mappings?.ok && mappings.mappings.length ? { mappings: mappings.mappings } : {}),
      credentials,
    },
    values: { name, description, action, settings: shownSettings, ...(mappingsText ? { mappings: mappingsText } : {}) },
  };
}

/**
 * Puts each verify problem on the input it belongs to (`response_action: "errors"`): a
 * credential name → its input, `settings.<key>` → that setting, `mappings`, `action`,
 * `auth_method`; anything else ("destination": cannot reach the API…) → the first credential
 * input, else the name. Several problems on one input are joined.
 */
export function problemErrors(
  problems: readonly VerifyProblem[],
  integration: Integration,
  authMethodId: string | null,
): Record<string, string> {
  const authMethod = integration.authMethods.find((method) => method.id === authMethodId);
  const credentialBlocks = new Map(
    (authMethod ? typedCredentialFields(authMethod) : []).map((field) => [
      field.name,
      credentialBlockId(integration.id, authMethod!.id, field.name),
    ]),
  );
  const settingKeys = new Set(settingFields(integration.settingsSchema).map((setting) => setting.key));
  const fallback = credentialBlocks.values().next().value ?? DESTINATION_BLOCKS.name;
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    let blockId: string;
    const settingKey = problem.field.startsWith("settings.") ? problem.field.slice("settings.".length).split(".")[0]! : null;
    if (credentialBlocks.has(problem.field)) blockId = credentialBlocks.get(problem.field)!;
    else if (settingKey !== null && settingKeys.has(settingKey)) blockId = settingBlockId(integration.id, settingKey);
    else if (problem.field === "mappings") blockId = DESTINATION_BLOCKS.mappings;
    else if (problem.field === "action") blockId = DESTINATION_BLOCKS.action;
    else if (problem.field === "auth_method") blockId = DESTINATION_BLOCKS.authMethod;
    else if (problem.field === "name") blockId = DESTINATION_BLOCKS.name;
    else blockId = fallback;
    const message = errors[blockId] ? `${errors[blockId]}; ${problem.message}` : problem.message;
    errors[blockId] = message.length > 300 ? `${message.slice(0, 299)}…` : message;
  }
  return errors;
}
