import type { App, BlockAction } from "@slack/bolt";
import { addMember } from "../../../core/members/add-member.ts";
import { updateMember } from "../../../core/members/change-member.ts";
import { Refusal } from "../../../core/refusal.ts";
import { ACTIONS } from "../../action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { accessGrantedMessage, accessGrantedToRequesterBlocks } from "../../blocks/access-messages.ts";
import { refusalMessage } from "../../blocks/refusal-message.ts";
import { postInThread, postToThreadOrDm, updateMessage } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { grantAccessValue, readJson } from "../../private-metadata.ts";
import { resolveActor } from "../../slack-actor.ts";
import { firstAction, teamIdOf } from "../payload.ts";

/**
 * An admin's "Add <name>": adds the person as a member with lead access (or gives an existing
 * member lead access), marks the request done and tells the person to accept again.
 */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.grantAccess, async ({ ack, body, client, context }) => {
    await ack();
    const teamId = teamIdOf(body, context);
    const channel = body.channel?.id;
    const reply = (text: string) => postToThreadOrDm(client, null, teamId, body.user.id, refusalMessage(text));
    await replyOnError(deps.logger, reply, async () => {
      const request = readJson(grantAccessValue, firstAction(body).value);
      if (!request) throw new Error("access grant without its request");
      const actor = await resolveActor(deps, client, teamId, body.user.id);
      if (!actor.user) throw new Refusal("forbidden", "admin_required", "Only an admin of the account can add members, and I can't find your leadrelay user");
      const account = await deps.prisma.account.findUniqueOrThrow({ where: { id: request.accountId }, select: { name: true } });
      let already = false;
      try {
        await addMember(deps.prisma, request.accountId, { kind: "user", userId: actor.user.id }, { email: request.email, name: request.name, role: "member", leadAccess: true });
      } catch (error) {
        if (!(error instanceof Refusal) || error.code !== "already_member") throw error;
        already = true;
        await updateMember(deps.prisma, request.accountId, { kind: "user", userId: actor.user.id }, String(error.details?.member_id), { leadAccess: true });
      }
      if (channel && body.message?.ts) {
        await updateMessage(client, channel, body.message.ts, accessGrantedMessage({ name: request.name, accountName: account.name, byYou: true, already }));
      }
      const adminName = actor.user.name ?? actor.user.email;
      const { requester } = request;
      await postInThread(client, { teamId: requester.teamId, channelId: requester.channelId, threadTs: requester.threadTs }, accessGrantedToRequesterBlocks({ adminName, accountName: account.name, invitationId: request.invitationId }));
    });
  });
}
