import type { App, BlockAction } from "@slack/bolt";
import { acceptancePath } from "../../../core/invitations/acceptance-path.ts";
import { invitationForAccept } from "../../../core/invitations/invitation-for-accept.ts";
import { requestMembership } from "../../../core/members/request-membership.ts";
import { Refusal } from "../../../core/refusal.ts";
import { linkSlackIdentity } from "../../../core/slack/slack-identity.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { accessRequestBlocks } from "../../../slack/blocks/access-messages.ts";
import { noteMessage } from "../../../slack/blocks/refusal-message.ts";
import { directMessageChannel, postMessage, postToThreadOrDm } from "../../conversation.ts";
import { NO_EMAIL_MESSAGE } from "../../onboarding/acceptance-context.ts";
import { invitationAccountValue, readJson, type GrantAccessValue } from "../../../slack/private-metadata.ts";
import { slackPerson } from "../../slack-person.ts";
import { firstAction } from "../payload.ts";
import { inOwnThread } from "./in-own-thread.ts";

/** One answer for anything the person has no reason to ask: it names no account, admin or seller. */
function nothingToRequest(): Refusal {
  return new Refusal(
    "forbidden",
    "nothing_to_request",
    "There is no account for you to ask to join here: click “Accept invite to connect” again to see your options",
  );
}

/**
 * "Request access": the account is never taken from the button. It is derived again from the
 * clicker's verified Slack email, the way the button was offered: their invitation (it must be
 * sent to that email) and the account their email domain belongs to (or the one they are a
 * member of without lead access). The request is stored (a `requested` membership that grants
 * nothing), then each admin found in this workspace gets a one-click "Add <name>" naming that
 * stored request; admins not in the workspace are named so the person can ask another way.
 */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.requestAccess, ({ ack, body, client, context }) =>
    inOwnThread(deps.logger, { ack, body, client, context }, async ({ teamId, thread, reply }) => {
      const value = readJson(invitationAccountValue, firstAction(body).value);
      if (!value || !thread) throw nothingToRequest();
      const person = await slackPerson(client, body.user.id);
      if (!person.email) {
        await reply(NO_EMAIL_MESSAGE);
        return;
      }
      const found = await invitationForAccept(deps.prisma, deps.secretBox, value.invitationId, person.email, {
        teamId,
        slackUserId: body.user.id,
      });
      if (found.kind !== "pending") throw nothingToRequest();
      const path = await acceptancePath(deps.prisma, person.email, person.name, found.invitation.seller.id);
      if ((path.kind !== "membership_required" && path.kind !== "lead_access_required") || path.account.id !== value.accountId)
        throw nothingToRequest();
      const { account, admins } = path;

      const stored = await requestMembership(deps.prisma, account.id, { email: person.email, name: person.name });
      await linkSlackIdentity(deps.prisma, { teamId, slackUserId: body.user.id, userId: stored.user.id });
      if (stored.joined) {
        await postToThreadOrDm(
          client,
          thread,
          teamId,
          body.user.id,
          noteMessage(`${account.name} had already added you, so you are now a member. Click “Accept invite to connect” again.`),
        );
        return;
      }
      const request: GrantAccessValue = {
        membershipId: stored.membershipId,
        invitationId: found.invitation.id,
        email: person.email,
        name: person.name,
        requester: { ...thread, slackUserId: body.user.id },
      };
      const asked: string[] = [];
      const notFound: string[] = [];
      for (const admin of admins) {
        const adminSlackId = (await client.users.lookupByEmail({ email: admin.email }).catch(() => null))?.user?.id;
        if (!adminSlackId) {
          notFound.push(admin.name ? `${admin.name} (${admin.email})` : admin.email);
          continue;
        }
        const channel = await directMessageChannel(client, adminSlackId);
        await postMessage(
          client,
          channel,
          accessRequestBlocks({ request, accountName: account.name, sellerName: found.invitation.seller.name }),
        );
        asked.push(admin.name ?? admin.email);
      }
      const text = asked.length
        ? `I asked ${asked.join(", ")} to add you to ${account.name}. I'll tell you here when one of them does.${notFound.length ? ` (Not in this Slack: ${notFound.join(", ")}.)` : ""}`
        : `None of ${account.name}'s admins is in this Slack workspace: ask ${notFound.join(", ") || "them"} to add you as a member with lead access, then accept again.`;
      await postToThreadOrDm(client, thread, teamId, body.user.id, noteMessage(text));
    }),
  );
}
