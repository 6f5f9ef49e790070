import type { App, BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { replayDeps } from "../../../core/replays/replay-deps.ts";
import { replayLeads } from "../../../core/replays/replay-leads.ts";
import { REPLAY_MAX_WINDOW_DAYS, recentWindow, type ReplayMode } from "../../../core/replays/replay-request.ts";
import { reportReplayInThread } from "../../../core/replays/replay-slack-thread.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { nothingToReplayMessage, replayStartedMessage } from "../../../slack/blocks/replay-messages.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import type { ThreadRef } from "../../../slack/private-metadata.ts";
import { destinationForActor } from "../../destination-for-actor.ts";
import { resolveActor } from "../../slack-actor.ts";
import { firstAction } from "../payload.ts";
import { answerInButtonThread } from "./answer-in-button-thread.ts";

/**
 * **Resend N failed leads** and **Deliver the N leads that arrived before this destination**.
 * The button carries only a destination id: it is checked against the clicker (a member with
 * lead access of its account; anything else is "not found"), and the leads are chosen again
 * now, server-side, from the replay window. The answer, and later "delivered N, failed M",
 * go to the thread the button was in (or the clicker's DM).
 */
export function register(app: App, deps: BotDeps): void {
  for (const [actionId, mode] of [
    [ACTIONS.replayFailed, "failed"],
    [ACTIONS.replayUndelivered, "undelivered"],
  ] as const) {
    app.action<BlockAction>(actionId, async ({ ack, body, client, context }) => {
      await ack();
      await answerInButtonThread(deps.logger, { body, client, context }, ({ teamId, thread }) =>
        replay(deps, client, { body, teamId, thread, mode }),
      );
    });
  }
}

async function replay(
  deps: BotDeps,
  client: WebClient,
  input: { body: BlockAction; teamId: string; thread: ThreadRef | null; mode: ReplayMode },
): Promise<void> {
  const { body, teamId, thread, mode } = input;
  const actor = await resolveActor(deps, client, teamId, body.user.id);
  const destination = await destinationForActor(deps, actor, firstAction(body).value);
  const limits = replayDeps(deps.destinations);
  const { replayId, replayed } = await replayLeads(limits, destination.accountId, destination.id, { mode, ...recentWindow() });
  if (!replayId) {
    await postToThreadOrDm(
      client,
      thread,
      teamId,
      body.user.id,
      nothingToReplayMessage({ kind: mode, destinationName: destination.name, windowDays: REPLAY_MAX_WINDOW_DAYS }),
    );
    return;
  }
  const where = await postToThreadOrDm(
    client,
    thread,
    teamId,
    body.user.id,
    replayStartedMessage({ kind: mode, replayed, destinationName: destination.name, ratePerSecond: limits.ratePerSecond }),
  );
  await reportReplayInThread(deps.prisma, replayId, where);
}
