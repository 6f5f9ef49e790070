import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ModalView } from "@slack/types";
import { updateDestination, type SaveDestinationResult } from "../../../core/destinations/save-destination.ts";
import type { DestinationUpdate } from "../../../core/destinations/destination-input.ts";
import { findIntegration } from "../../../core/integrations/registry.ts";
import type { VerifyProblem } from "../../../core/integrations/integration.ts";
import { replayDeps } from "../../../core/replays/replay-deps.ts";
import { recentWindow } from "../../../core/replays/replay-request.ts";
import { reportWaitingLeadsInThread } from "../../../core/replays/replay-slack-thread.ts";
import { countReplayable } from "../../../core/replays/replayable-count.ts";
import { attachDestinationToThread } from "../../../core/slack/slack-thread.ts";
import { VIEWS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { credentialsBlockId, credentialsModal } from "../../../slack/blocks/credentials-modal.ts";
import { typedCredentialFields } from "../../../slack/blocks/destination-modal.ts";
import { checkingModal, notSavedModal, savedModal } from "../../../slack/blocks/status-modals.ts";
import { fixAppliedMessage } from "../../../slack/blocks/fix-applied.ts";
import { MAPPINGS_BLOCK } from "../../../slack/blocks/mappings-modal.ts";
import { parseMappings } from "../../../slack/blocks/mappings-text.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { describeError } from "../../error-reply.ts";
import { inputValue, type ViewStateValues } from "../../forms/view-state.ts";
import { destinationActionMetadata, readJson, type DestinationActionMetadata } from "../../../slack/private-metadata.ts";
import { requireMember, resolveActor } from "../../slack-actor.ts";
import { settle, within } from "../../within.ts";
import { destinationForActor } from "../../destination-for-actor.ts";
import { threadInTeam, viewTeamId } from "../payload.ts";

type Ack = (
  response?: { response_action: "errors"; errors: Record<string, string> } | { response_action: "update"; view: ModalView },
) => Promise<void>;

/**
 * The troubleshooting fixes: "Update credentials" and "Edit field mappings". Each saves
 * through updateDestination (verified, and which resumes the deliveries that waited for the
 * destination, the failed test lead among them), shows problems on its input, and once saved
 * says so in the thread.
 */
export function register(app: App, deps: BotDeps): void {
  app.view(VIEWS.credentials, async ({ ack, body, view, client, context }) => {
    const metadata = checkedMetadata(view.private_metadata, viewTeamId(body, context));
    if (!metadata) return ack();
    // The destination is read only once the person is known to work on its account (nothing of another account's is shown).
    const actor = await resolveActor(deps, client, viewTeamId(body, context), body.user.id).catch(() => null);
    const destination = actor ? await destinationForActor(deps, actor, metadata.destinationId).catch(() => null) : null;
    if (destination && destination.accountId !== metadata.accountId) return ack();
    const integration = destination ? findIntegration(destination.integration) : undefined;
    const authMethod = integration?.authMethods.find((method) => method.id === destination?.authMethod) ?? integration?.authMethods[0];
    if (!destination || !authMethod) return ack();
    const values = view.state.values as ViewStateValues;
    const credentials: Record<string, string> = {};
    const fields = typedCredentialFields(authMethod);
    for (const field of fields) {
      const value = inputValue(values, credentialsBlockId(field.name));
      if (value) credentials[field.name] = value;
    }
    const firstBlock = credentialsBlockId(fields[0]?.name ?? "none");
    if (!Object.keys(credentials).length) return ack({ response_action: "errors", errors: { [firstBlock]: "Enter the new value" } });
    const blockOf = (problem: VerifyProblem) =>
      fields.some((field) => field.name === problem.field) ? credentialsBlockId(problem.field) : firstBlock;
    await saveFix(
      deps,
      { ack: ack as Ack, client, view, metadata, teamId: viewTeamId(body, context), slackUserId: body.user.id },
      {
        update: { credentials },
        title: "Update credentials",
        what: "credentials",
        blockOf,
        redraw: (problems) =>
          credentialsModal({
            destinationName: destination.name,
            authMethod,
            hints: destination.credentialsHint ? (JSON.parse(destination.credentialsHint) as Record<string, string>) : {},
            privateMetadata: view.private_metadata,
            problems,
          }),
      },
    );
  });

  app.view(VIEWS.mappings, async ({ ack, body, view, client, context }) => {
    const metadata = checkedMetadata(view.private_metadata, viewTeamId(body, context));
    if (!metadata) return ack();
    const text = inputValue(view.state.values as ViewStateValues, MAPPINGS_BLOCK);
    const parsed = text ? parseMappings(text) : { ok: true as const, mappings: [] };
    if (!parsed.ok) return ack({ response_action: "errors", errors: { [MAPPINGS_BLOCK]: parsed.message } });
    await saveFix(
      deps,
      { ack: ack as Ack, client, view, metadata, teamId: viewTeamId(body, context), slackUserId: body.user.id },
      {
        update: { mappings: parsed.mappings },
        title: "Edit field mappings",
        what: "field mappings",
        blockOf: () => MAPPINGS_BLOCK,
        redraw: (problems) => notSavedModal("Edit field mappings", problems),
      },
    );
  });
}

/** The modal's metadata, its thread kept only when it is in the requesting workspace. */
function checkedMetadata(privateMetadata: string, teamId: string): DestinationActionMetadata | null {
  const metadata = readJson(destinationActionMetadata, privateMetadata);
  return metadata ? { ...metadata, thread: threadInTeam(metadata.thread, teamId) } : null;
}

interface FixRequest {
  ack: Ack;
  client: WebClient;
  view: { id: string; private_metadata: string };
  metadata: DestinationActionMetadata;
  teamId: string;
  slackUserId: string;
}

interface Fix {
  update: DestinationUpdate;
  title: string;
  what: string;
  blockOf: (problem: VerifyProblem) => string;
  /** The modal again with the problems, when they are found after the "Checking…" answer. */
  redraw: (problems: string[]) => ModalView;
}

async function saveFix(deps: BotDeps, request: FixRequest, fix: Fix): Promise<void> {
  const { ack, client, metadata } = request;
  // The waiting deliveries (the failed test lead among them) run as soon as the fix is saved:
  // their outcome must find this thread, so it is the destination's before they do, and the
  // failed leads offered for replay are counted before any of them can fail again.
  let failedBeforeResume: number | null = null;
  const beforeResume = async () => {
    if (metadata.thread) await attachDestinationToThread(deps.prisma, metadata.accountId, metadata.destinationId, metadata.thread);
    failedBeforeResume = await countFailed(deps, metadata.destinationId);
  };
  const saving = settle(
    resolveActor(deps, client, request.teamId, request.slackUserId).then((actor) => {
      requireMember(actor, metadata.accountId);
      return updateDestination(deps.destinations, metadata.accountId, metadata.destinationId, fix.update, {
        verify: true,
        resume: { beforeResume },
      });
    }),
  );
  const early = await within(saving, deps.ackBudgetMs);
  if (early) {
    if (!early.ok)
      return ack({
        response_action: "errors",
        errors: { [fix.blockOf({ field: "destination", message: "" })]: describeError(early.error) },
      });
    if (!early.value.ok) {
      const errors: Record<string, string> = {};
      for (const problem of early.value.problems) {
        const block = fix.blockOf(problem);
        errors[block] = errors[block] ? `${errors[block]}; ${problem.message}` : problem.message;
      }
      return ack({ response_action: "errors", errors });
    }
    await ack();
    await afterFix(deps, request, fix, early.value, failedBeforeResume);
    return;
  }
  await ack({
    response_action: "update",
    view: checkingModal(fix.title, "Checking with your destination…", request.view.private_metadata, "checking"),
  });
  const outcome = await saving;
  if (outcome.ok && outcome.value.ok) {
    await client.views.update({ view_id: request.view.id, view: savedModal(fix.title) });
    await afterFix(deps, request, fix, outcome.value, failedBeforeResume);
    return;
  }
  const problems = outcome.ok
    ? (outcome.value as SaveDestinationResult & { ok: false }).problems.map((p) => p.message)
    : [describeError(outcome.error)];
  await client.views.update({ view_id: request.view.id, view: fix.redraw(problems) });
}

async function afterFix(
  deps: BotDeps,
  request: FixRequest,
  fix: Fix,
  result: SaveDestinationResult & { ok: true },
  failedBeforeResume: number | null,
): Promise<void> {
  const { client, metadata } = request;
  const waiting = result.resumedDeliveryIds.length;
  // The thread is the destination's conversation (already, when deliveries were resumed).
  if (metadata.thread) await attachDestinationToThread(deps.prisma, metadata.accountId, metadata.destinationId, metadata.thread);
  const replay = replayDeps(deps.destinations);
  const failed = failedBeforeResume ?? (await countFailed(deps, result.destination.id));
  const where = await postToThreadOrDm(
    client,
    metadata.thread,
    request.teamId,
    request.slackUserId,
    fixAppliedMessage({ what: fix.what, destinationId: result.destination.id, destinationName: result.destination.name, waiting, failed }),
  );
  if (!metadata.thread) await attachDestinationToThread(deps.prisma, metadata.accountId, metadata.destinationId, where);
  // "delivered N, failed M" follows in this thread once every resumed lead is final (the replay
  // feeder counts them when it looks, so leads already final by now are counted too).
  await reportWaitingLeadsInThread(deps.prisma, {
    accountId: metadata.accountId,
    destinationId: metadata.destinationId,
    deliveryIds: result.resumedDeliveryIds,
    thread: where,
    queuePrefix: replay.queuePrefix,
  });
}

/** The destination's recently failed live leads, which the fix message offers to replay. */
function countFailed(deps: BotDeps, destinationId: string): Promise<number> {
  return countReplayable(deps.prisma, destinationId, "failed", recentWindow(), replayDeps(deps.destinations).maxLeads);
}
