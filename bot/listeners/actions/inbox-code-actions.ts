import type { App, BlockAction } from "@slack/bolt";
import { findInvitationClaim } from "../../../core/invitations/invitation-claims.ts";
import { Refusal } from "../../../core/refusal.ts";
import { maskEmail } from "../../../core/users/email-address.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { inboxCodeModal } from "../../../slack/blocks/inbox-code.ts";
import { noteMessage } from "../../../slack/blocks/refusal-message.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { NO_EMAIL_MESSAGE } from "../../onboarding/acceptance-context.ts";
import { offerInboxCode } from "../../onboarding/inbox-code.ts";
import { slackPerson } from "../../slack-person.ts";
import { firstAction } from "../payload.ts";
import { inOwnThread } from "./in-own-thread.ts";
import { findInvitationWithSeller } from "../../../core/invitations/invitation-with-seller.ts";

/**
 * "Enter the code" and "Email a new code" under "This invitation was sent to s…@…". The button
 * names the invitation; what it may do is decided by the clicker's own claim (they presented
 * the link), looked up by their verified Slack id, so a forged id reaches nothing.
 */
export function register(app: App, deps: BotDeps): void {
  const notYours = () =>
    new Refusal(
      "forbidden",
      "invitation_email_mismatch",
      "This invitation was sent to another email address: accept it as the person it was sent to, or ask the seller to invite you",
    );

  app.action<BlockAction>(ACTIONS.enterInboxCode, ({ ack, body, client, context }) =>
    inOwnThread(deps.logger, { ack, body, client, context }, async ({ teamId, thread }) => {
      const invitationId = firstAction(body).value ?? "";
      const claim = thread
        ? await findInvitationClaim(deps.prisma, { invitationId, teamId, slackUserId: body.user.id }).catch(() => null)
        : null;
      const invitation = claim ? await findInvitationWithSeller(deps.prisma, invitationId) : null;
      if (!claim || !invitation || !thread) throw notYours();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: inboxCodeModal({ invited: maskEmail(invitation.email), privateMetadata: JSON.stringify({ invitationId, thread }) }),
      });
    }),
  );

  app.action<BlockAction>(ACTIONS.resendInboxCode, ({ ack, body, client, context }) =>
    inOwnThread(deps.logger, { ack, body, client, context }, async ({ teamId, thread, reply }) => {
      const invitationId = firstAction(body).value ?? "";
      const person = await slackPerson(client, body.user.id);
      if (!person.email) {
        await reply(NO_EMAIL_MESSAGE);
        return;
      }
      const where = thread ?? (await postToThreadOrDm(client, null, teamId, body.user.id, noteMessage("Your invitation")));
      const claim = await findInvitationClaim(deps.prisma, { invitationId, teamId, slackUserId: body.user.id }).catch(() => null);
      if (!claim) throw notYours();
      await offerInboxCode(
        { deps, client, teamId, slackUserId: body.user.id, thread: where, triggerId: body.trigger_id },
        invitationId,
        { email: person.email, name: person.name },
        { fresh: true },
      );
    }),
  );
}
