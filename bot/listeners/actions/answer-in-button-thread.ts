import type { BlockAction, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "../../../core/logger.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import type { ThreadRef } from "../../../slack/private-metadata.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { teamIdOf, threadOfAction } from "../payload.ts";

/** Where a button was pressed: its workspace and the thread it sits in (none outside a thread). */
export interface ButtonThread {
  teamId: string;
  thread: ThreadRef | null;
}

/**
 * Runs a button's work (after the listener's ack). The person hears back where they pressed it:
 * a refusal or a failure becomes a reply in the button's thread, or a new DM when it has none.
 */
export async function answerInButtonThread(
  logger: Logger,
  { body, client, context }: { body: BlockAction; client: WebClient; context: Context },
  work: (at: ButtonThread) => Promise<void>,
): Promise<void> {
  const teamId = teamIdOf(body, context);
  const thread = threadOfAction(body, teamId);
  const reply = (text: string) => postToThreadOrDm(client, thread, teamId, body.user.id, refusalMessage(text));
  await replyOnError(logger, reply, () => work({ teamId, thread }));
}
