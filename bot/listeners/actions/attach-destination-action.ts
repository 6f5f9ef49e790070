import type { App, BlockAction } from "@slack/bolt";
import { attachDestination } from "../../../core/flows/add-flow-step.ts";
import { attachDestinationToThread } from "../../../core/slack/slack-thread.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { destinationForActor } from "../../destination-for-actor.ts";
import { destinationReadyMessage } from "../../onboarding/destination-step.ts";
import { resolveActor } from "../../slack-actor.ts";
import { firstAction } from "../payload.ts";
import { answerInButtonThread } from "./answer-in-button-thread.ts";

/** Paid accounts: "Or use an existing destination" makes it a recipient step of the seller's flow. */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.attachDestination, async ({ ack, body, client, context }) => {
    await ack();
    await answerInButtonThread(deps.logger, { body, client, context }, async ({ teamId, thread }) => {
      const action = firstAction(body);
      const flowId = action.block_id.startsWith("attach:") ? action.block_id.slice("attach:".length) : "";
      const actor = await resolveActor(deps, client, teamId, body.user.id);
      const destination = await destinationForActor(deps, actor, action.selected_option?.value);
      await attachDestination(deps.prisma, destination.accountId, flowId, destination.id, deps.destinations.sourceChanges);
      const message = await destinationReadyMessage(deps, destination, null);
      const where = await postToThreadOrDm(client, thread, teamId, body.user.id, message);
      await attachDestinationToThread(deps.prisma, destination.accountId, destination.id, where);
    });
  });
}
