import type { App, BlockAction } from "@slack/bolt";
import { listAccountAdmins } from "../../../core/members/list-account-admins.ts";
import { ACTIONS } from "../../action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { accessRequestBlocks } from "../../blocks/access-messages.ts";
import { noteMessage, refusalMessage } from "../../blocks/refusal-message.ts";
import { directMessageChannel, postMessage, postToThreadOrDm } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { invitationAccountValue, readJson, type GrantAccessValue } from "../../private-metadata.ts";
import { slackPerson } from "../../slack-person.ts";
import { firstAction, teamIdOf, threadOfAction } from "../payload.ts";

/**
 * "Request access": DMs each admin of the person's company account (found in this workspace by
 * email) a one-click "Add <name>" button. Admins not in the workspace are named so the person
 * can ask them another way.
 */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.requestAccess, async ({ ack, body, client, context }) => {
    await ack();
    const teamId = teamIdOf(body, context);
    const thread = threadOfAction(body, teamId);
    const reply = (text: string) => postToThreadOrDm(client, thread, teamId, body.user.id, refusalMessage(text));
    await replyOnError(deps.logger, reply, async () => {
      const value = readJson(invitationAccountValue, firstAction(body).value);
      if (!value || !thread) throw new Error("access request without its invitation");
      const [person, account, invitation, admins] = await Promise.all([
        slackPerson(client, body.user.id),
        deps.prisma.account.findUniqueOrThrow({ where: { id: value.accountId }, select: { name: true } }),
        deps.prisma.invitation.findUniqueOrThrow({ where: { id: value.invitationId }, include: { seller: { select: { name: true } } } }),
        listAccountAdmins(deps.prisma, value.accountId),
      ]);
      if (!person.email) throw new Error("no email on the Slack profile");
      const request: GrantAccessValue = {
        accountId: value.accountId,
        invitationId: value.invitationId,
        email: person.email,
        name: person.name,
        requester: { ...thread, slackUserId: body.user.id },
      };
      const asked: string[] = [];
      const notFound: string[] = [];
      for (const admin of admins) {
        const found = await client.users.lookupByEmail({ email: admin.email }).catch(() => null);
        const adminSlackId = found?.user?.id;
        if (!adminSlackId) {
          notFound.push(admin.name ? `${admin.name} (${admin.email})` : admin.email);
          continue;
        }
        const channel = await directMessageChannel(client, adminSlackId);
        await postMessage(client, channel, accessRequestBlocks({ request, accountName: account.name, sellerName: invitation.seller.name }));
        asked.push(admin.name ?? admin.email);
      }
      const text = asked.length
        ? `I asked ${asked.join(", ")} to add you to ${account.name}. I'll tell you here when one of them does.${notFound.length ? ` (Not in this Slack: ${notFound.join(", ")}.)` : ""}`
        : `None of ${account.name}'s admins is in this Slack workspace: ask ${notFound.join(", ") || "them"} to add you as a member with lead access, then accept again.`;
      await postToThreadOrDm(client, thread, teamId, body.user.id, noteMessage(text));
    });
  });
}
