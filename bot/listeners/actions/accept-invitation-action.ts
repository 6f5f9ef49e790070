import type { App, BlockAction } from "@slack/bolt";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { noteMessage, refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { beginAcceptance } from "../../onboarding/begin-acceptance.ts";
import { firstAction, ownDmThread, teamIdOf } from "../payload.ts";

/** "Accept invite to connect" in the invitation DM. */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.acceptInvitation, async ({ ack, body, client, context }) => {
    await ack();
    const teamId = teamIdOf(body, context);
    const thread = await ownDmThread(client, body, teamId);
    const invitationId = firstAction(body).value ?? "";
    const reply = (text: string) => postToThreadOrDm(client, thread, teamId, body.user.id, refusalMessage(text));
    await replyOnError(deps.logger, reply, async () => {
      const where = thread ?? (await postToThreadOrDm(client, null, teamId, body.user.id, noteMessage("Accepting your invitation…")));
      await beginAcceptance({ deps, client, teamId, slackUserId: body.user.id, thread: where, triggerId: body.trigger_id }, invitationId);
    });
  });
}
