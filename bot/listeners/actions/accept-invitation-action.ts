import type { App, BlockAction } from "@slack/bolt";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { noteMessage } from "../../../slack/blocks/refusal-message.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { beginAcceptance } from "../../onboarding/begin-acceptance.ts";
import { firstAction } from "../payload.ts";
import { inOwnThread } from "./in-own-thread.ts";

/** "Accept invite to connect" in the invitation DM. */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.acceptInvitation, ({ ack, body, client, context }) =>
    inOwnThread(deps.logger, { ack, body, client, context }, async ({ teamId, thread }) => {
      const invitationId = firstAction(body).value ?? "";
      const where = thread ?? (await postToThreadOrDm(client, null, teamId, body.user.id, noteMessage("Accepting your invitation…")));
      await beginAcceptance({ deps, client, teamId, slackUserId: body.user.id, thread: where, triggerId: body.trigger_id }, invitationId);
    }),
  );
}
