import type { App, BlockAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { grantMembershipRequest } from "../../../core/members/request-membership.ts";
import { Refusal } from "../../../core/refusal.ts";
import { findSlackIdentityUser } from "../../../core/slack/slack-identity.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { accessGrantedMessage, accessGrantedToRequesterBlocks } from "../../../slack/blocks/access-messages.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { directMessageChannel, postInThread, postToThreadOrDm, updateMessage, type SlackMessage } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { grantAccessValue, readJson, type GrantAccessValue } from "../../../slack/private-metadata.ts";
import { resolveActor } from "../../slack-actor.ts";
import { firstAction, teamIdOf } from "../payload.ts";

/**
 * An admin's "Add <name>": says yes to the stored request the button names (core checks that the
 * request exists and that the clicker is an admin of its account; the button's account, name or
 * email count for nothing), marks the message done and tells the requester to accept again.
 */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.grantAccess, async ({ ack, body, client, context }) => {
    await ack();
    const teamId = teamIdOf(body, context);
    const channel = body.channel?.id;
    const reply = (text: string) => postToThreadOrDm(client, null, teamId, body.user.id, refusalMessage(text));
    await replyOnError(deps.logger, reply, async () => {
      const request = readJson(grantAccessValue, firstAction(body).value);
      if (!request) throw new Refusal("not_found", "access_request_not_found", "This request to join is no longer open");
      const actor = await resolveActor(deps, client, teamId, body.user.id);
      if (!actor.user)
        throw new Refusal(
          "forbidden",
          "admin_required",
          "Only an admin of the account can add members, and I can't find your leadrelay user",
        );
      const granted = await grantMembershipRequest(deps.prisma, request.membershipId, { kind: "user", userId: actor.user.id });
      const name = granted.user.name ?? granted.user.email;
      if (channel && body.message?.ts) {
        await updateMessage(
          client,
          channel,
          body.message.ts,
          accessGrantedMessage({ name, accountName: granted.accountName, byYou: true, already: granted.already }),
        );
      }
      const adminName = actor.user.name ?? actor.user.email;
      await tellRequester(
        deps,
        client,
        teamId,
        request,
        granted.user.id,
        accessGrantedToRequesterBlocks({ adminName, accountName: granted.accountName, invitationId: request.invitationId }),
      );
    });
  });
}

/**
 * The requester hears it in their invitation thread when the button's thread really is their DM
 * with the bot (same workspace, a Slack user linked to the granted person, their DM channel);
 * otherwise in a new DM to the granted person, or not at all.
 */
async function tellRequester(
  deps: BotDeps,
  client: WebClient,
  teamId: string,
  request: GrantAccessValue,
  userId: string,
  message: SlackMessage,
): Promise<void> {
  const { requester } = request;
  if (requester.teamId !== teamId) return;
  const linked = await findSlackIdentityUser(deps.prisma, teamId, requester.slackUserId);
  if (linked?.id !== userId) return;
  const dm = await directMessageChannel(client, requester.slackUserId);
  if (dm === requester.channelId) await postInThread(client, { teamId, channelId: dm, threadTs: requester.threadTs }, message);
  else await postToThreadOrDm(client, null, teamId, requester.slackUserId, message);
}
