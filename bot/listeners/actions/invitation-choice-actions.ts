import type { App, BlockAction, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { acceptancePath } from "../../../core/invitations/acceptance-path.ts";
import { invitationForAccept } from "../../../core/invitations/invitation-for-accept.ts";
import { Refusal } from "../../../core/refusal.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { parseAccountChoiceBlockId } from "../../../slack/blocks/account-choice.ts";
import { flowChoiceMessage, parseFlowChoiceBlockId } from "../../../slack/blocks/flow-choice.ts";
import { refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { postInThread } from "../../conversation.ts";
import type { AcceptanceContext } from "../../onboarding/acceptance-context.ts";
import { completeAcceptance, showAcceptedAgain } from "../../onboarding/complete-acceptance.ts";
import { NO_EMAIL_MESSAGE } from "../../onboarding/acceptance-context.ts";
import { slackPerson } from "../../slack-person.ts";
import { invitationAccountValue, readJson } from "../../../slack/private-metadata.ts";
import { firstAction } from "../payload.ts";
import { inOwnThread } from "./in-own-thread.ts";

type Handler = (ctx: AcceptanceContext, action: ReturnType<typeof firstAction>) => Promise<void>;

/**
 * The choices some people make before accepting: a paid account's flow (a new "Buyer Step
 * Flow" or an existing one), and which account, for a person in several. Every id in these
 * payloads is checked against the clicker's verified email: the invitation must be sent to it
 * (else one answer naming nothing), the account must be one of their active memberships with
 * lead access (acceptInvitation checks again under its locks), the flow must be that account's.
 */
export function register(app: App, deps: BotDeps): void {
  /** Acks, then runs the choice in the invitation's thread; refusals are answered there. */
  const choice =
    (handler: Handler) =>
    ({ ack, body, client, context }: { ack: () => Promise<void>; body: BlockAction; client: WebClient; context: Context }) =>
      inOwnThread(deps.logger, { ack, body, client, context }, async ({ teamId, thread }) => {
        if (!thread) throw new Error("an invitation choice outside its conversation");
        await handler({ deps, client, teamId, slackUserId: body.user.id, thread, triggerId: body.trigger_id }, firstAction(body));
      });

  app.action<BlockAction>(
    ACTIONS.acceptWithNewFlow,
    choice(async (ctx, action) => {
      const value = readJson(invitationAccountValue, action.value);
      if (!value) throw new Error("flow choice without its invitation");
      await completeAcceptance(ctx, { invitationId: value.invitationId, accountId: value.accountId, flow: { kind: "new" } });
    }),
  );

  app.action<BlockAction>(
    ACTIONS.acceptWithExistingFlow,
    choice(async (ctx, action) => {
      const chosen = parseFlowChoiceBlockId(action.block_id);
      const flowId = action.selected_option?.value;
      if (!chosen || !flowId) throw new Error("flow choice without its invitation");
      await completeAcceptance(ctx, { invitationId: chosen.invitationId, accountId: chosen.accountId, flow: { kind: "existing", flowId } });
    }),
  );

  app.action<BlockAction>(
    ACTIONS.acceptAsAccount,
    choice(async (ctx, action) => {
      const invitationId = parseAccountChoiceBlockId(action.block_id);
      const accountId = action.selected_option?.value;
      if (!invitationId || !accountId) throw new Error("account choice without its invitation");
      // The chosen account must be one this person could have been offered: re-derived from their
      // verified email (the invitation is theirs, they are an active member with lead access).
      const person = await slackPerson(ctx.client, ctx.slackUserId);
      if (!person.email) {
        await postInThread(ctx.client, ctx.thread, refusalMessage(NO_EMAIL_MESSAGE));
        return;
      }
      const found = await invitationForAccept(deps.prisma, deps.secretBox, invitationId, person.email, {
        teamId: ctx.teamId,
        slackUserId: ctx.slackUserId,
      });
      if (found.kind === "accepted_by_you") {
        await showAcceptedAgain(ctx, found.connectionId);
        return;
      }
      const path = await acceptancePath(deps.prisma, person.email, person.name, found.invitation.seller.id);
      const offered = path.kind === "choose_account" ? path.accounts : path.kind === "member" ? [path.account] : [];
      const account = offered.find((candidate) => candidate.id === accountId);
      if (!account) throw new Refusal("forbidden", "not_a_member", "You are not a member of that leadrelay account");
      if (account.plan !== "paid") {
        await completeAcceptance(ctx, { invitationId, accountId: account.id });
        return;
      }
      await postInThread(
        ctx.client,
        ctx.thread,
        flowChoiceMessage({ invitationId, sellerName: found.invitation.seller.name, account, flows: account.flows }),
      );
    }),
  );
}
