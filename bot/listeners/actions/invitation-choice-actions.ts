import type { App, BlockAction, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { ACTIONS } from "../../action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { parseAccountChoiceBlockId } from "../../blocks/account-choice.ts";
import { flowChoiceMessage, parseFlowChoiceBlockId } from "../../blocks/flow-choice.ts";
import { refusalMessage } from "../../blocks/refusal-message.ts";
import { postInThread, postToThreadOrDm } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import type { AcceptanceContext } from "../../onboarding/acceptance-context.ts";
import { completeAcceptance } from "../../onboarding/complete-acceptance.ts";
import { invitationAccountValue, readJson } from "../../private-metadata.ts";
import { firstAction, teamIdOf, threadOfAction } from "../payload.ts";

type Handler = (ctx: AcceptanceContext, action: ReturnType<typeof firstAction>) => Promise<void>;

/**
 * The choices some people make before accepting: a paid account's flow (a new "Buyer Step
 * Flow" or an existing one), and which account, for a person in several.
 */
export function register(app: App, deps: BotDeps): void {
  /** Acks, then runs the choice in the invitation's thread; refusals are answered there. */
  const choice = (handler: Handler) => async ({ ack, body, client, context }: { ack: () => Promise<void>; body: BlockAction; client: WebClient; context: Context }) => {
    await ack();
    const teamId = teamIdOf(body, context);
    const thread = threadOfAction(body, teamId);
    await replyOnError(
      deps.logger,
      (text) => postToThreadOrDm(client, thread, teamId, body.user.id, refusalMessage(text)),
      async () => {
        if (!thread) throw new Error("an invitation choice outside its conversation");
        await handler({ deps, client, teamId, slackUserId: body.user.id, thread, triggerId: body.trigger_id }, firstAction(body));
      },
    );
  };

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
      const account = await deps.prisma.account.findUnique({ where: { id: accountId }, select: { id: true, name: true, plan: true } });
      if (account?.plan !== "paid") {
        await completeAcceptance(ctx, { invitationId, accountId });
        return;
      }
      const [invitation, flows] = await Promise.all([
        deps.prisma.invitation.findUnique({ where: { id: invitationId }, include: { seller: { select: { name: true } } } }),
        deps.prisma.flow.findMany({ where: { accountId }, select: { id: true, name: true }, orderBy: { id: "asc" }, take: 100 }),
      ]);
      await postInThread(ctx.client, ctx.thread, flowChoiceMessage({ invitationId, sellerName: invitation?.seller.name ?? "the seller", account, flows }));
    }),
  );
}
