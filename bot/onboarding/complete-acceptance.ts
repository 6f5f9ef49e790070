import type { FlowChoice } from "../../core/invitations/accept-invitation.ts";
import { acceptInvitation } from "../../core/invitations/accept-invitation.ts";
import { findAcceptedConnection } from "../../core/invitations/accepted-connection.ts";
import { invitationForAccept } from "../../core/invitations/invitation-for-accept.ts";
import { findFlowName } from "../../core/flows/flow-name.ts";
import { notFound } from "../../core/refusal.ts";
import { linkSlackIdentity } from "../../core/slack/slack-identity.ts";
import { attachDestinationToThread, recordOnboardingThread } from "../../core/slack/slack-thread.ts";
import { connectedMessage } from "../../slack/blocks/connected-message.ts";
import { refusalMessage } from "../../slack/blocks/refusal-message.ts";
import { postInThread } from "../conversation.ts";
import { slackPerson } from "../slack-person.ts";
import { NO_EMAIL_MESSAGE, type AcceptanceContext } from "./acceptance-context.ts";
import { destinationStep } from "./destination-step.ts";

export interface AcceptanceChoices {
  invitationId: string;
  company?: string;
  accountId?: string;
  flow?: FlowChoice;
}

/**
 * Accepts with everything chosen, links the Slack user to the leadrelay user, records the
 * thread as the account's onboarding conversation (SlackThread) and posts the next step.
 */
export async function completeAcceptance(ctx: AcceptanceContext, choices: AcceptanceChoices): Promise<void> {
  const { deps } = ctx;
  const person = await slackPerson(ctx.client, ctx.slackUserId);
  if (!person.email) {
    await postInThread(ctx.client, ctx.thread, refusalMessage(NO_EMAIL_MESSAGE));
    return;
  }
  const found = await invitationForAccept(deps.prisma, deps.secretBox, choices.invitationId, person.email, {
    teamId: ctx.teamId,
    slackUserId: ctx.slackUserId,
  });
  if (found.kind === "accepted_by_you") {
    await showAcceptedAgain(ctx, found.connectionId);
    return;
  }
  const accepted = await acceptInvitation(deps.prisma, deps.publicUrl, {
    token: found.token,
    email: person.email,
    name: person.name,
    company: choices.company,
    accountId: choices.accountId,
    flow: choices.flow,
    invitedInboxProven: found.inboxProven,
  });
  await linkSlackIdentity(deps.prisma, { teamId: ctx.teamId, slackUserId: ctx.slackUserId, userId: accepted.user.id });
  await recordOnboardingThread(deps.prisma, accepted.account.id, ctx.thread);
  await postConnected(ctx, {
    accountId: accepted.account.id,
    accountName: accepted.account.name,
    plan: accepted.account.plan,
    accountCreated: accepted.account.created,
    flowId: accepted.connection.flow_id,
    sellerName: accepted.connection.seller_account.name,
    again: !accepted.created,
  });
}

/** The invitation was accepted by this person before: show where things stand. */
export async function showAcceptedAgain(ctx: AcceptanceContext, connectionId: string): Promise<void> {
  const connection = await findAcceptedConnection(ctx.deps.prisma, connectionId);
  if (!connection) throw notFound("connection");
  if (connection.acceptedByUserId)
    await linkSlackIdentity(ctx.deps.prisma, { teamId: ctx.teamId, slackUserId: ctx.slackUserId, userId: connection.acceptedByUserId });
  await recordOnboardingThread(ctx.deps.prisma, connection.buyer.id, ctx.thread);
  await postConnected(ctx, {
    accountId: connection.buyer.id,
    accountName: connection.buyer.name,
    plan: connection.buyer.plan,
    accountCreated: false,
    flowId: connection.flowId,
    sellerName: connection.seller.name,
    again: true,
  });
}

async function postConnected(
  ctx: AcceptanceContext,
  input: {
    accountId: string;
    accountName: string;
    plan: "partner" | "paid";
    accountCreated: boolean;
    flowId: string | null;
    sellerName: string;
    again: boolean;
  },
): Promise<void> {
  const flowName = input.flowId ? await findFlowName(ctx.deps.prisma, input.flowId) : null;
  const next = await destinationStep(ctx.deps, { accountId: input.accountId, flowId: input.flowId, sellerName: input.sellerName });
  if (next.destinationId) await attachDestinationToThread(ctx.deps.prisma, input.accountId, next.destinationId, ctx.thread);
  await postInThread(
    ctx.client,
    ctx.thread,
    connectedMessage(
      {
        sellerName: input.sellerName,
        accountName: input.accountName,
        plan: input.plan,
        accountCreated: input.accountCreated,
        flowName,
        again: input.again,
      },
      next,
    ),
  );
}
