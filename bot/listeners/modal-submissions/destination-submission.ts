import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Destination } from "../../../prisma/generated/client.ts";
import { createDestination, type SaveDestinationResult } from "../../../core/destinations/save-destination.ts";
import { listIntegrations } from "../../../core/integrations/registry.ts";
import { attachDestinationToThread } from "../../../core/slack/slack-thread.ts";
import { VIEWS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { DESTINATION_BLOCKS, destinationModal } from "../../../slack/blocks/destination-modal.ts";
import { checkingModal } from "../../../slack/blocks/status-modals.ts";
import { destinationSavedIntro } from "../../../slack/blocks/test-lead-modal.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { describeError } from "../../error-reply.ts";
import { problemErrors, readDestinationForm } from "../../forms/destination-form.ts";
import type { ViewStateValues } from "../../forms/view-state.ts";
import { authorizeModal } from "../../../slack/blocks/authorize-modal.ts";
import { destinationReadyMessage } from "../../onboarding/destination-step.ts";
import { authorizationUrl, awaitsAuthorization } from "../../onboarding/oauth-authorization.ts";
import { testLeadModalFor } from "../../onboarding/test-lead.ts";
import { destinationModalMetadata, readJson, type DestinationModalMetadata } from "../../../slack/private-metadata.ts";
import { requireMember, resolveActor } from "../../slack-actor.ts";
import { settle, within } from "../../within.ts";
import { threadInTeam, viewTeamId } from "../payload.ts";
import { findDestinationRow } from "../../../core/destinations/destination-rows.ts";
import { notFound } from "../../../core/refusal.ts";

/**
 * "Save and verify" on the destination modal: createDestination with verification (a real call
 * to the destination). Problems go back onto the inputs they belong to (`response_action:
 * "errors"`). A verify that outlasts the ack budget is answered with a "Checking…" view and
 * finished with views.update. Saved: the modal turns into the test-lead form (the guide's
 * step 4), and the thread gets the "set up" message with the seller's posting URL.
 */
export function register(app: App, deps: BotDeps): void {
  app.view(VIEWS.destination, async ({ ack, body, view, client, context }) => {
    const parsed = readJson(destinationModalMetadata, view.private_metadata);
    const metadata = parsed ? { ...parsed, thread: threadInTeam(parsed.thread, viewTeamId(body, context)) } : null;
    if (!metadata) {
      await ack({ response_action: "errors", errors: { [DESTINATION_BLOCKS.integration]: "This form has expired: open it again" } });
      return;
    }
    const teamId = viewTeamId(body, context);
    const submittedViewId = view.id;
    const integrations = listIntegrations();
    const form = readDestinationForm(view.state.values as ViewStateValues, integrations);
    if (!form.ok) {
      await ack({ response_action: "errors", errors: form.errors });
      return;
    }
    const saving = settle(
      resolveActor(deps, client, teamId, body.user.id).then((actor) => {
        requireMember(actor, metadata.accountId);
        return createDestination(
          deps.destinations,
          metadata.accountId,
          { ...form.input, ...(metadata.flowId ? { flow_id: metadata.flowId } : {}) },
          { verify: true },
        );
      }),
    );
    const early = await within(saving, deps.ackBudgetMs);
    /** What the modal becomes once saved: the test-lead form, or the sign-in step of an OAuth destination. */
    const saved = async (result: SaveDestinationResult & { ok: true }) => {
      const row = await findDestinationRow(deps.prisma, result.destination.id);
      if (!row) throw notFound("destination");
      // Known thread: recorded before the modal shows the next step, so what that step triggers
      // (a test lead, a Salesforce sign-in finished at once) finds its conversation.
      if (metadata.thread) await attachDestinationToThread(deps.prisma, metadata.accountId, row.id, metadata.thread);
      // The modal keeps its id when this answer replaces its view: the callback updates it once Salesforce is connected.
      const authorizeUrl = awaitsAuthorization(row)
        ? await authorizationUrl(deps, row, { teamId, slackUserId: body.user.id, viewId: submittedViewId })
        : null;
      const integrationName = form.integration.name;
      const view = authorizeUrl
        ? authorizeModal({ destinationName: row.name, integrationName, authorizeUrl })
        : testLeadModalFor(row, metadata.thread, destinationSavedIntro(row.name, verifiedSummary(result)));
      return { row, view };
    };

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
      const { row, view: next } = await saved(early.value);
      await ack({ response_action: "update", view: next });
      await announce(deps, client, metadata, teamId, body.user.id, row, verifiedSummary(early.value));
      return;
    }

    await ack({
      response_action: "update",
      view: checkingModal(
        "Create destination",
        `Checking your ${form.integration.name} settings…`,
        view.private_metadata,
        VIEWS.destination,
      ),
    });
    const outcome = await saving;
    if (outcome.ok && outcome.value.ok) {
      const { row, view: next } = await saved(outcome.value);
      await client.views.update({ view_id: view.id, view: next });
      await announce(deps, client, metadata, teamId, body.user.id, row, verifiedSummary(outcome.value));
      return;
    }
    const problems = outcome.ok
      ? (outcome.value as SaveDestinationResult & { ok: false }).problems.map(
          (problem) => `${problem.field === "destination" ? "" : `${problem.field}: `}${problem.message}`,
        )
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
      }),
    });
  });
}

/** Tells the thread the destination is ready (a thread it had none: makes it the destination's conversation). */
async function announce(
  deps: BotDeps,
  client: WebClient,
  metadata: DestinationModalMetadata,
  teamId: string,
  slackUserId: string,
  destination: Destination,
  verified: string | null,
) {
  try {
    const message = await destinationReadyMessage(deps, destination, verified);
    const where = await postToThreadOrDm(client, metadata.thread, teamId, slackUserId, message);
    if (!metadata.thread) await attachDestinationToThread(deps.prisma, metadata.accountId, destination.id, where);
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message, destinationId: destination.id }, "could not announce a new destination in Slack");
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === "Refusal";
}

function verifiedSummary(result: SaveDestinationResult & { ok: true }): string | null {
  return result.verified?.ok ? (result.verified.summary ?? null) : null;
}
