import { replayDeps } from "../../../core/replays/replay-deps.ts";
import { REPLAY_MAX_WINDOW_DAYS, recentWindow } from "../../../core/replays/replay-request.ts";
import { countReplayable } from "../../../core/replays/replayable-count.ts";
import { replayHelpMessage } from "../../../slack/blocks/replay-messages.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";
import { listDestinations } from "../../../core/destinations/list-destinations.ts";

/**
 * `/leadrelay replay`: what Resend and Deliver do, and, for each of the account's destinations,
 * how many failed and never-sent leads of the replay window there are, with their buttons.
 */
export async function replayCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const limits = replayDeps(deps.destinations);
  const destinations = await listDestinations(deps.prisma, account.id, { take: 20 });
  const window = recentWindow();
  const counted = [];
  for (const destination of destinations) {
    counted.push({
      id: destination.id,
      name: destination.name,
      failed: await countReplayable(deps.prisma, destination.id, "failed", window, limits.maxLeads),
      undelivered: await countReplayable(deps.prisma, destination.id, "undelivered", window, limits.maxLeads),
    });
  }
  await context.ack(replayHelpMessage({ windowDays: REPLAY_MAX_WINDOW_DAYS, ratePerSecond: limits.ratePerSecond, destinations: counted }));
}
