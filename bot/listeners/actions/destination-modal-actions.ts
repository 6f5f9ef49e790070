import type { App, BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { listIntegrations } from "../../../core/integrations/registry.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import {
  DESTINATION_BLOCKS,
  destinationModal,
  settingBlockId,
  type DestinationFormValues,
} from "../../../slack/blocks/destination-modal.ts";
import { settingFields } from "../../../slack/blocks/setting-fields.ts";
import { inputValue, type ViewStateValues } from "../../forms/view-state.ts";
import { destinationModalMetadata, readJson } from "../../../slack/private-metadata.ts";
import { firstAction } from "../payload.ts";

/**
 * Inside the destination modal: choosing the integration (or the authentication method)
 * redraws the modal in place (views.update, guarded by the view's hash) with that choice's
 * inputs. What the buyer typed that is not a credential is kept.
 */
export function register(app: App, deps: BotDeps): void {
  const redraw = async ({ ack, body, client }: { ack: () => Promise<void>; body: BlockAction; client: WebClient }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const metadata = readJson(destinationModalMetadata, view.private_metadata);
    if (!metadata) return;
    const values = view.state.values as ViewStateValues;
    const integrations = listIntegrations();
    const action = firstAction(body);
    const switchingIntegration = action.action_id === ACTIONS.integrationSelect;
    const integrationId = switchingIntegration
      ? (action.selected_option?.value ?? null)
      : inputValue(values, DESTINATION_BLOCKS.integration) || null;
    const authMethodId = action.action_id === ACTIONS.authMethodSelect ? (action.selected_option?.value ?? null) : null;
    const integration = integrations.find((candidate) => candidate.id === integrationId);
    const typedName = inputValue(values, DESTINATION_BLOCKS.name);
    // A name the buyer typed stays; an integration's default name follows the integration.
    const keepName = typedName && !integrations.some((candidate) => candidate.name === typedName);
    const kept: DestinationFormValues = {
      name: keepName ? typedName : undefined,
      description: inputValue(values, DESTINATION_BLOCKS.description) || undefined,
      ...(!switchingIntegration && integration
        ? {
            action: inputValue(values, DESTINATION_BLOCKS.action) || undefined,
            mappings: inputValue(values, DESTINATION_BLOCKS.mappings) || undefined,
            settings: Object.fromEntries(
              settingFields(integration.settingsSchema)
                .map((s) => [s.key, inputValue(values, settingBlockId(integration.id, s.key))])
                .filter(([, v]) => v),
            ),
          }
        : {}),
    };
    try {
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: destinationModal({
          integrations,
          integrationId,
          authMethodId,
          values: kept,
          privateMetadata: view.private_metadata,
        }),
      });
    } catch (error) {
      // hash_conflict: a newer redraw won; nothing to do.
      deps.logger.debug({ err: (error as Error).message }, "destination modal redraw skipped");
    }
  };
  app.action<BlockAction>(ACTIONS.integrationSelect, redraw);
  app.action<BlockAction>(ACTIONS.authMethodSelect, redraw);
  // The "Authorize in Salesforce" link button opens the URL itself; Slack still sends the click.
  app.action<BlockAction>(ACTIONS.salesforceAuthorize, async ({ ack }) => ack());
}
