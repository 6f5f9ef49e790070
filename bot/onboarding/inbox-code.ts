import { inboxCodeEmail } from "../../core/invitations/inbox-code-email.ts";
import { findInvitationClaim, issueInboxCode } from "../../core/invitations/invitation-claims.ts";
import { Refusal } from "../../core/refusal.ts";
import { maskEmail } from "../../core/users/email-address.ts";
import { inboxCodeMessage, inboxCodeModal, inboxCodeUnavailableMessage } from "../../slack/blocks/inbox-code.ts";
import { postInThread } from "../conversation.ts";
import type { AcceptanceContext } from "./acceptance-context.ts";
import { findInvitationWithSeller } from "../../core/invitations/invitation-with-seller.ts";

/**
 * The invitation was sent to another address than the person's Slack email, and they presented
 * its link here: email a 6-digit code to the invited address (unless a live one was sent, or
 * `fresh` asks for a new one), say so in the thread and open the modal to type it. Without SMTP
 * nothing can prove the inbox: the seller must invite the address the person uses in Slack.
 */
export async function offerInboxCode(
  ctx: AcceptanceContext,
  invitationId: string,
  person: { email: string; name: string },
  options: { fresh?: boolean } = {},
): Promise<void> {
  const { deps } = ctx;
  const ref = { invitationId, teamId: ctx.teamId, slackUserId: ctx.slackUserId };
  const [claim, invitation] = await Promise.all([
    findInvitationClaim(deps.prisma, ref),
    findInvitationWithSeller(deps.prisma, invitationId),
  ]);
  if (!claim || !invitation)
    throw new Refusal(
      "forbidden",
      "invitation_email_mismatch",
      "This invitation was sent to another email address: accept it as the person it was sent to, or ask the seller to invite you",
    );
  const invited = maskEmail(invitation.email);
  const mailer = deps.invitations.mailer;
  if (!mailer) {
    await postInThread(
      ctx.client,
      ctx.thread,
      inboxCodeUnavailableMessage({ sellerName: invitation.seller.name, invited, slackEmail: person.email }),
    );
    return;
  }
  const live = claim.codeHash && claim.codeExpiresAt && claim.codeExpiresAt > new Date() && claim.failedTries < 5;
  if (!live || options.fresh) {
    const verdict = await deps.invitationLinkLimiter?.hit([`inbox-code:${invitationId}`]);
    if (verdict?.limited) {
      const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
      throw new Refusal(
        "conflict",
        "rate_limited",
        `Several codes were already emailed to ${invited} within the hour: use the latest one, or ask for a new one in ${minutes} minute${minutes === 1 ? "" : "s"}`,
      );
    }
    const { code, expiresAt } = await issueInboxCode(deps.prisma, deps.secretBox, claim.id);
    try {
      await mailer.send(
        inboxCodeEmail({ to: invitation.email, code, sellerName: invitation.seller.name, slackName: person.name, expiresAt }),
      );
    } catch (error) {
      // The code is never logged; the SMTP error says nothing of it.
      deps.logger.warn({ err: (error as Error).message, invitationId }, "the invitation code email could not be sent");
      throw new Refusal(
        "conflict",
        "email_failed",
        `The code could not be emailed to ${invited} right now: try “Email a new code” in a minute`,
      );
    }
  }
  await postInThread(
    ctx.client,
    ctx.thread,
    inboxCodeMessage({ invitationId, sellerName: invitation.seller.name, invited, slackEmail: person.email }),
  );
  const modal = inboxCodeModal({ invited, privateMetadata: JSON.stringify({ invitationId, thread: ctx.thread }) });
  if (ctx.showModal && (await ctx.showModal(modal))) return;
  if (ctx.triggerId) await ctx.client.views.open({ trigger_id: ctx.triggerId, view: modal });
}
