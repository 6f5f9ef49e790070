import { recordInvitationClaim } from "../../../core/invitations/invitation-claims.ts";
import { invitationIdForToken } from "../../../core/invitations/invitation-for-accept.ts";
import { Refusal } from "../../../core/refusal.ts";
import { invitationMessage } from "../../../slack/blocks/invitation-message.ts";
import { noteReply, refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { postInThread, startDmThread } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { beginAcceptance } from "../../onboarding/begin-acceptance.ts";
import type { CommandContext } from "./command-context.ts";
import { linkTarget } from "./command-text.ts";
import { findInvitationWithSeller } from "../../../core/invitations/invitation-with-seller.ts";

/**
 * `/leadrelay accept <link or token>`: the emailed link continues in Slack. The invitation is
 * shown in the person's DM (its thread becomes the onboarding conversation) and accepting
 * starts at once.
 */
export async function acceptCommand(args: string[], context: CommandContext): Promise<void> {
  const { deps, client } = context;
  // The link arrives as Slack escapes it (`<https://…/invitations/lr_inv_…>`, maybe with `|label`) or plain; a bare token works too.
  const token =
    linkTarget(args[0] ?? "")
      .split(/[/?#]/)
      .filter(Boolean)
      .find((part) => part.startsWith("lr_inv_")) ?? "";
  const invitationId = token ? await invitationIdForToken(deps.prisma, token) : null;
  if (!invitationId) throw noInvitation();
  await context.ack(noteReply("Opening your invitation in our direct messages…"));
  // They hold the link: if their Slack email is not the invited one, they may prove the inbox by code.
  await recordInvitationClaim(deps.prisma, { invitationId, teamId: context.teamId, slackUserId: context.userId });
  const invitation = await findInvitationWithSeller(deps.prisma, invitationId);
  if (!invitation) throw noInvitation();
  const thread = await startDmThread(
    client,
    context.teamId,
    context.userId,
    invitationMessage({
      invitationId,
      sellerName: invitation.seller.name,
      invitedBy: null,
      email: invitation.email,
      fields: invitation.fields,
      expiresAt: invitation.expiresAt,
    }),
  );
  await replyOnError(
    deps.logger,
    (text) => postInThread(client, thread, refusalMessage(text)),
    () =>
      beginAcceptance(
        { deps, client, teamId: context.teamId, slackUserId: context.userId, thread, triggerId: context.command.trigger_id },
        invitationId,
      ),
  );
}

function noInvitation(): Refusal {
  return new Refusal(
    "not_found",
    "invitation_not_found",
    "No invitation matches this link: paste the whole link from the email, e.g. /leadrelay accept https://…/invitations/lr_inv_…",
  );
}
