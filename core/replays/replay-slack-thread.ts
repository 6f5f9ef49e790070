import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import type { SlackThreadRef } from "../slack/slack-thread.ts";

/** Where a replay asked for in Slack tells how it went, once every lead in it is final. */
export async function reportReplayInThread(db: Db, replayId: string, thread: SlackThreadRef): Promise<void> {
  await db.replay.update({
    where: { id: replayId },
    data: { slackTeamId: thread.teamId, slackChannelId: thread.channelId, slackThreadTs: thread.threadTs },
  });
}

/**
 * After a fix resumed the deliveries that waited for the destination: remember them (kind
 * `waiting`, not a replay: their attempts are not marked `replay`) so the thread is told
 * "delivered N, failed M" once they are all final.
 */
export async function reportWaitingLeadsInThread(
  db: Db,
  input: { accountId: string; destinationId: string; deliveryIds: string[]; thread: SlackThreadRef; queuePrefix: string },
): Promise<string | null> {
  if (!input.deliveryIds.length) return null;
  const id = newId();
  await db.replay.create({
    data: {
      id,
      accountId: input.accountId,
      destinationId: input.destinationId,
      kind: "waiting",
      deliveryIds: input.deliveryIds,
      queuePrefix: input.queuePrefix,
      slackTeamId: input.thread.teamId,
      slackChannelId: input.thread.channelId,
      slackThreadTs: input.thread.threadTs,
    },
  });
  return id;
}
