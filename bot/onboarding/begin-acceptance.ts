import { acceptInvitation } from "../../core/invitations/accept-invitation.ts";
import { acceptancePath } from "../../core/invitations/acceptance-path.ts";
import { invitationForAccept } from "../../core/invitations/invitation-for-accept.ts";
import { pendingMembershipsOf } from "../../core/members/confirm-membership.ts";
import { Refusal } from "../../core/refusal.ts";
import { accessRequiredMessage } from "../../slack/blocks/access-messages.ts";
import { accountChoiceMessage } from "../../slack/blocks/account-choice.ts";
import { companyModal } from "../../slack/blocks/company-modal.ts";
import { flowChoiceMessage } from "../../slack/blocks/flow-choice.ts";
import { membershipMessage } from "../../slack/blocks/membership-message.ts";
import { refusalMessage } from "../../slack/blocks/refusal-message.ts";
import { postInThread } from "../conversation.ts";
import { slackPerson } from "../slack-person.ts";
import { NO_EMAIL_MESSAGE, type AcceptanceContext } from "./acceptance-context.ts";
import { completeAcceptance, showAcceptedAgain } from "./complete-acceptance.ts";
import { offerInboxCode } from "./inbox-code.ts";

/**
 * "Accept invite to connect" (the DM button or `/leadrelay accept`). The Slack profile's email is
 * the verified identity; the partner model decides the next screen:
 * - a new person: the company-name modal (accepting creates their free partner account);
 * - a member of one partner account: connected at once; of a paid account: the flow choice;
 *   of several: which account;
 * - their email domain's account exists but they are not in it: who its admins are, and
 *   "Request access";
 * - expired, revoked, used or someone else's invitation: a plain answer.
 */
export async function beginAcceptance(ctx: AcceptanceContext, invitationId: string): Promise<void> {
  const { deps } = ctx;
  const person = await slackPerson(ctx.client, ctx.slackUserId);
  if (!person.email) {
    await postInThread(ctx.client, ctx.thread, refusalMessage(NO_EMAIL_MESSAGE));
    return;
  }
  let found;
  try {
    found = await invitationForAccept(deps.prisma, deps.secretBox, invitationId, person.email, {
      teamId: ctx.teamId,
      slackUserId: ctx.slackUserId,
    });
  } catch (error) {
    // Sent to another address, and this person presented its link: the emailed-code path.
    if (error instanceof Refusal && error.code === "invitation_inbox_code_required") {
      await offerInboxCode(ctx, invitationId, { email: person.email, name: person.name });
      return;
    }
    throw error;
  }
  if (found.kind === "accepted_by_you") {
    await showAcceptedAgain(ctx, found.connectionId);
    return;
  }
  const seller = found.invitation.seller;
  // Accounts that added this person and wait for their answer: asked here, where they are now. Until
  // they join, such an account plays no part in accepting.
  for (const pending of await pendingMembershipsOf(deps.prisma, person.email)) {
    await postInThread(
      ctx.client,
      ctx.thread,
      membershipMessage({
        membershipId: pending.id,
        accountName: pending.account.name,
        role: pending.role,
        leadAccess: pending.leadAccess,
      }),
    );
  }
  const path = await acceptancePath(deps.prisma, person.email, person.name, seller.id);
  switch (path.kind) {
    case "create_account": {
      const modal = companyModal({
        sellerName: seller.name,
        suggestedCompany: path.suggestedCompany,
        email: person.email,
        privateMetadata: JSON.stringify({ invitationId, thread: ctx.thread }),
      });
      if (ctx.showModal && (await ctx.showModal(modal))) return;
      if (ctx.triggerId) await ctx.client.views.open({ trigger_id: ctx.triggerId, view: modal });
      else await completeAcceptance(ctx, { invitationId, company: path.suggestedCompany });
      return;
    }
    case "member":
      if (path.account.plan === "paid") {
        await postInThread(
          ctx.client,
          ctx.thread,
          flowChoiceMessage({ invitationId, sellerName: seller.name, account: path.account, flows: path.account.flows }),
        );
      } else {
        await completeAcceptance(ctx, { invitationId, accountId: path.account.id });
      }
      return;
    case "choose_account":
      await postInThread(ctx.client, ctx.thread, accountChoiceMessage({ invitationId, sellerName: seller.name, accounts: path.accounts }));
      return;
    case "membership_required":
    case "lead_access_required": {
      if (path.kind === "membership_required") {
        // Accepting records the "Access requested" event for the account's admins (and refuses).
        await acceptInvitation(deps.prisma, deps.publicUrl, {
          token: found.token,
          email: person.email,
          name: person.name,
          invitedInboxProven: found.inboxProven,
        }).catch((error: unknown) => {
          if (!(error instanceof Refusal)) throw error;
        });
      }
      await postInThread(
        ctx.client,
        ctx.thread,
        accessRequiredMessage({
          reason: path.kind === "membership_required" ? "membership" : "lead_access",
          invitationId,
          account: path.account,
          admins: path.admins,
        }),
      );
      return;
    }
    case "self_connection":
      await postInThread(
        ctx.client,
        ctx.thread,
        refusalMessage(
          "You are a member of the seller's own account: an account cannot connect to itself. Ask the seller to invite the buyer's email.",
        ),
      );
      return;
  }
}
