import type { App, BlockAction } from "@slack/bolt";
import { assertPlanAllowsAnother } from "../../../core/accounts/plan-limits.ts";
import { listIntegrations } from "../../../core/integrations/registry.ts";
import { ACTIONS, integrationOfCreateAction } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { destinationModal } from "../../../slack/blocks/destination-modal.ts";
import { createDestinationValue, readJson } from "../../../slack/private-metadata.ts";
import { requireMember, resolveActor } from "../../slack-actor.ts";
import { firstAction } from "../payload.ts";
import { answerInButtonThread } from "./answer-in-button-thread.ts";
import { countAccountDestinations } from "../../../core/destinations/destination-rows.ts";

const CREATE_DESTINATION = new RegExp(`^${ACTIONS.createDestination}(:[a-z0-9_-]+)?$`);

/** "Create destination" (optionally with the integration already picked): opens the destination modal. */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>({ action_id: CREATE_DESTINATION }, async ({ ack, body, client, context }) => {
    await ack();
    await answerInButtonThread(deps.logger, { body, client, context }, async ({ teamId, thread }) => {
      const action = firstAction(body);
      const value = readJson(createDestinationValue, action.value);
      if (!value) throw new Error("create destination without its account");
      const account = requireMember(await resolveActor(deps, client, teamId, body.user.id), value.accountId);
      // Said before the modal opens, not after the buyer filled it in (createDestination checks again).
      assertPlanAllowsAnother(account.plan, "destination", await countAccountDestinations(deps.prisma, account.id));
      await client.views.open({
        trigger_id: body.trigger_id,
        view: destinationModal({
          integrations: listIntegrations(),
          integrationId: integrationOfCreateAction(action.action_id) ?? null,
          privateMetadata: JSON.stringify({ accountId: value.accountId, flowId: value.flowId, thread }),
        }),
      });
    });
  });
}
