import type { BlockAction, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../../core/logger.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import type { ThreadRef } from "../../../slack/private-metadata.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { ownDmThread, teamIdOf } from "../payload.ts";

/** Where a button in the clicker's own DM was pressed, and how to answer them there. */
export interface OwnThread {
  teamId: string;
  /** The clicker's own DM thread the button sits in; null when it is not in their DM. */
  thread: ThreadRef | null;
  reply: (text: string) => Promise<unknown>;
}

/**
 * Acks a button meant for the clicker alone (an invitation, a membership, an inbox code), finds
 * their own DM thread, and runs the work; a refusal or a failure is answered in that thread (or
 * a new DM when the button is not in theirs).
 */
export async function inOwnThread(
  logger: Logger,
  { ack, body, client, context }: { ack: () => Promise<void>; body: BlockAction; client: WebClient; context: Context },
  work: (at: OwnThread) => Promise<void>,
): Promise<void> {
  await ack();
  const teamId = teamIdOf(body, context);
  const thread = await ownDmThread(client, body, teamId);
  const reply = (text: string) => postToThreadOrDm(client, thread, teamId, body.user.id, refusalMessage(text));
  await replyOnError(logger, reply, () => work({ teamId, thread, reply }));
}
