import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { DestinationView } from "../../../core/destinations/destination-view.ts";
import { createDestination, type SaveDestinationResult } from "../../../core/destinations/save-destination.ts";
import { listIntegrations } from "../../../core/integrations/registry.ts";
import { attachDestinationToThread } from "../../../core/slack/slack-thread.ts";
import { VIEWS } from "../../action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { checkingModal, DESTINATION_BLOCKS, destinationModal } from "../../blocks/destination-modal.ts";
import { escapeMrkdwn } from "../../blocks/mrkdwn.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { describeError } from "../../error-reply.ts";
import { problemErrors, readDestinationForm } from "../../forms/destination-form.ts";
import type { ViewStateValues } from "../../forms/view-state.ts";
import { destinationReadyMessage } from "../../onboarding/destination-step.ts";
import { testLeadModalFor } from "../../onboarding/test-lead.ts";
import { destinationModalMetadata, readJson, type DestinationModalMetadata } from "../../private-metadata.ts";
import { requireMember, resolveActor } from "../../slack-actor.ts";
import { settle, within } from "../../within.ts";
import { viewTeamId } from "../payload.ts";

/**
 * "Save and verify" on the destination modal: createDestination with verification (a real call
 * to the destination). Problems go back onto the inputs they belong to (`response_action:
 * "errors"`). A verify that outlasts the ack budget is answered with a "Checking…" view and
 * finished with views.update. Saved: the modal turns into the test-lead form (the guide's
 * step 4), and the thread gets the "set up" message with the seller's posting URL.
 */
export function register(app: App, deps: BotDeps): void {
  app.view(VIEWS.destination, async ({ ack, body, view, client, context }) => {
    const metadata = readJson(destinationModalMetadata, view.private_metadata);
    if (!metadata) {
      await ack({ response_action: "errors", errors: { [DESTINATION_BLOCKS.integration]: "This form has expired: open it again" } });
      return;
    }
    const teamId = viewTeamId(body, context);
    const integrations = listIntegrations();
    const form = readDestinationForm(view.state.values as ViewStateValues, integrations);
    if (!form.ok) {
      await ack({ response_action: "errors", errors: form.errors });
      return;
    }
    const saving = settle(
      resolveActor(deps, client, teamId, body.user.id).then((actor) => {
        requireMember(actor, metadata.accountId);
        return createDestination(deps.destinations, metadata.accountId, { ...form.input, ...(metadata.flowId ? { flow_id: metadata.flowId } : {}) }, { verify: true });
      }),
    );
    const early = await within(saving, deps.ackBudgetMs);
    const saved = (result: SaveDestinationResult & { ok: true }) => testLeadModalFor(
      { id: result.destination.id, accountId: metadata.accountId, name: result.destination.name },
      metadata.thread,
      `:white_check_mark: *${escapeMrkdwn(result.destination.name)}* is saved${result.verified?.summary ? ` and verified: ${escapeMrkdwn(result.verified.summary)}` : ""}.\n*Now send a test lead* to see it arrive.`,
    );

    if (early) {
      if (!early.ok) {
        await ack({ response_action: "errors", errors: { [DESTINATION_BLOCKS.integration]: describeError(early.error) } });
        if (!isRefusal(early.error)) deps.logger.error({ err: (early.error as Error).message }, "creating a destination from Slack failed");
        return;
      }
      if (!early.value.ok) {
        await ack({ response_action: "errors", errors: problemErrors(early.value.problems, form.integration, form.authMethodId) });
        return;
      }
      await ack({ response_action: "update", view: saved(early.value) });
      await announce(deps, client, metadata, teamId, body.user.id, early.value.destination, early.value.verified?.summary ?? null);
      return;
    }

    await ack({ response_action: "update", view: checkingModal("Create destination", `Checking your ${escapeMrkdwn(form.integration.name)} settings…`, view.private_metadata, VIEWS.destination) });
    const outcome = await saving;
    if (outcome.ok && outcome.value.ok) {
      await client.views.update({ view_id: view.id, view: saved(outcome.value) });
      await announce(deps, client, metadata, teamId, body.user.id, outcome.value.destination, outcome.value.verified?.summary ?? null);
      return;
    }
    const problems = outcome.ok
      ? (outcome.value as SaveDestinationResult & { ok: false }).problems.map((problem) => `${problem.field === "destination" ? "" : `${problem.field}: `}${problem.message}`)
      : [describeError(outcome.error)];
    await client.views.update({
      view_id: view.id,
      view: destinationModal({
        integrations,
        integrationId: form.integration.id,
        authMethodId: form.authMethodId,
        values: form.values,
        problems: [...problems, "Enter the credentials again: they are never shown back."],
        privateMetadata: view.private_metadata,
        salesforceAuthorizeUrl: deps.salesforceAuthorizeUrl?.({ accountId: metadata.accountId }) ?? null,
      }),
    });
  });
}

/** Tells the thread the destination is ready and makes it the destination's conversation. */
async function announce(deps: BotDeps, client: WebClient, metadata: DestinationModalMetadata, teamId: string, slackUserId: string, destination: DestinationView, verified: string | null) {
  try {
    const message = await destinationReadyMessage(deps, destination, verified);
    const where = await postToThreadOrDm(client, metadata.thread, teamId, slackUserId, message);
    await attachDestinationToThread(deps.prisma, metadata.accountId, destination.id, where);
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message, destinationId: destination.id }, "could not announce a new destination in Slack");
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === "Refusal";
}
