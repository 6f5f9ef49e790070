import type { App, BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { failedTestLeadFields } from "../../../core/destinations/failed-test-lead.ts";
import { resumeDestination } from "../../../core/destinations/save-destination.ts";
import { findIntegration } from "../../../core/integrations/registry.ts";
import type { FieldMapping } from "../../../core/mappings/field-mapping.ts";
import { replayDeps } from "../../../core/replays/replay-deps.ts";
import { reportWaitingLeadsInThread } from "../../../core/replays/replay-slack-thread.ts";
import { attachDestinationToThread } from "../../../core/slack/slack-thread.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { credentialsModal } from "../../../slack/blocks/credentials-modal.ts";
import { formatMappings } from "../../../slack/blocks/mappings-text.ts";
import { mappingsModal } from "../../../slack/blocks/mappings-modal.ts";
import { noteMessage } from "../../../slack/blocks/refusal-message.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { destinationForActor } from "../../destination-for-actor.ts";
import { authorizationUrl } from "../../onboarding/oauth-authorization.ts";
import { sendTestLeadFromSlack, testLeadModalFor } from "../../onboarding/test-lead.ts";
import { resolveActor } from "../../slack-actor.ts";
import { firstAction } from "../payload.ts";
import { answerInButtonThread } from "./answer-in-button-thread.ts";

/**
 * The buttons on a destination (its ready message, a test result, the App Home): send a test
 * lead, update credentials, edit field mappings, retry. Each checks the person may work on it.
 */
export function register(app: App, deps: BotDeps): void {
  // The destination the button names, if the person pressing it may work on it.
  const destinationOf = async (body: BlockAction, client: WebClient, teamId: string) =>
    destinationForActor(deps, await resolveActor(deps, client, teamId, body.user.id), firstAction(body).value);

  app.action<BlockAction>(ACTIONS.sendTestLead, async ({ ack, body, client, context }) => {
    await ack();
    await answerInButtonThread(deps.logger, { body, client, context }, async ({ teamId, thread }) => {
      const destination = await destinationOf(body, client, teamId);
      await client.views.open({ trigger_id: body.trigger_id, view: testLeadModalFor(destination, thread) });
    });
  });

  app.action<BlockAction>(ACTIONS.updateCredentials, async ({ ack, body, client, context }) => {
    await ack();
    await answerInButtonThread(deps.logger, { body, client, context }, async ({ teamId, thread }) => {
      const destination = await destinationOf(body, client, teamId);
      const integration = findIntegration(destination.integration);
      const authMethod = integration?.authMethods.find((method) => method.id === destination.authMethod) ?? integration?.authMethods[0];
      if (!authMethod) throw new Error(`${destination.integration} has no credentials`);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: credentialsModal({
          destinationName: destination.name,
          authMethod,
          hints: destination.credentialsHint ? (JSON.parse(destination.credentialsHint) as Record<string, string>) : {},
          privateMetadata: JSON.stringify({ accountId: destination.accountId, destinationId: destination.id, thread }),
          authorizeUrl: await authorizationUrl(deps, destination),
        }),
      });
    });
  });

  app.action<BlockAction>(ACTIONS.editMappings, async ({ ack, body, client, context }) => {
    await ack();
    await answerInButtonThread(deps.logger, { body, client, context }, async ({ teamId, thread }) => {
      const destination = await destinationOf(body, client, teamId);
      const integration = findIntegration(destination.integration);
      const stored = destination.mappings as FieldMapping[];
      await client.views.open({
        trigger_id: body.trigger_id,
        view: mappingsModal({
          destinationName: destination.name,
          integrationName: integration?.name ?? destination.integration,
          mappingsText: formatMappings(stored.length ? stored : (integration?.defaultMappings ?? [])),
          requiredFields: integration?.fields.filter((field) => field.required).map((field) => field.name) ?? [],
          privateMetadata: JSON.stringify({ accountId: destination.accountId, destinationId: destination.id, thread }),
        }),
      });
    });
  });

  app.action<BlockAction>(ACTIONS.retryDestination, async ({ ack, body, client, context }) => {
    await ack();
    await answerInButtonThread(deps.logger, { body, client, context }, async ({ teamId, thread }) => {
      const destination = await destinationOf(body, client, teamId);
      const { resumedDeliveryIds } = await resumeDestination(deps.destinations, destination.accountId, destination.id, {
        // A person pressed Retry and watches the thread: ahead of the bulk backlog.
        lane: "interactive",
        // The thread says so, and is where their outcome goes, before the first one runs.
        beforeResume: async (deliveryIds) => {
          const where = await postToThreadOrDm(
            client,
            thread,
            teamId,
            body.user.id,
            noteMessage(`Retrying ${deliveryIds.length} waiting lead${deliveryIds.length > 1 ? "s" : ""} to ${destination.name}…`),
          );
          await attachDestinationToThread(deps.prisma, destination.accountId, destination.id, where);
          await reportWaitingLeadsInThread(deps.prisma, {
            accountId: destination.accountId,
            destinationId: destination.id,
            deliveryIds,
            thread: where,
            queuePrefix: replayDeps(deps.destinations).queuePrefix,
          });
        },
      });
      if (resumedDeliveryIds.length) return;
      // Retry re-sends the test lead that failed (same fields), not a fresh sample.
      const fields = (await failedTestLeadFields(deps.prisma, destination.accountId, destination.id)) ?? undefined;
      await sendTestLeadFromSlack(deps, client, {
        accountId: destination.accountId,
        destination,
        thread,
        teamId,
        slackUserId: body.user.id,
        fields,
      });
    });
  });
}
