import type { App, BlockAction } from "@slack/bolt";
import { ACTIONS } from "../../action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { parseAccountChoiceBlockId } from "../../blocks/account-choice.ts";
import { flowChoiceBlocks, parseFlowChoiceBlockId } from "../../blocks/flow-choice.ts";
import { refusalMessage } from "../../blocks/refusal-message.ts";
import { postInThread, postToThreadOrDm } from "../../conversation.ts";
import { replyOnError } from "../../error-reply.ts";
import { completeAcceptance } from "../../onboarding/complete-acceptance.ts";
import { invitationAccountValue, readJson, type ThreadRef } from "../../private-metadata.ts";
import { firstAction, teamIdOf, threadOfAction } from "../payload.ts";

/**
 * The choices some people make before accepting: a paid account's flow (a new "Buyer Step
 * Flow" or an existing one), and which account, for a person in several.
 */
export function register(app: App, deps: BotDeps): void {
  const accepting = (body: BlockAction, context: Parameters<typeof teamIdOf>[1], client: Parameters<typeof postInThread>[0]) => {
    const teamId = teamIdOf(body, context);
    const thread = threadOfAction(body, teamId);
    const reply = (text: string) => postToThreadOrDm(client, thread, teamId, body.user.id, refusalMessage(text));
    return { teamId, thread, reply };
  };
  const context = (deps_: BotDeps, client: Parameters<typeof postInThread>[0], teamId: string, body: BlockAction, thread: ThreadRef) => ({
    deps: deps_,
    client,
    teamId,
    slackUserId: body.user.id,
    thread,
    triggerId: body.trigger_id,
  });

  app.action<BlockAction>(ACTIONS.acceptWithNewFlow, async ({ ack, body, client, context: boltContext }) => {
    await ack();
    const { teamId, thread, reply } = accepting(body, boltContext, client);
    await replyOnError(deps.logger, reply, async () => {
      const value = readJson(invitationAccountValue, firstAction(body).value);
      if (!value || !thread) throw new Error("flow choice without its invitation");
      await completeAcceptance(context(deps, client, teamId, body, thread), { invitationId: value.invitationId, accountId: value.accountId, flow: { kind: "new" } });
    });
  });

  app.action<BlockAction>(ACTIONS.acceptWithExistingFlow, async ({ ack, body, client, context: boltContext }) => {
    await ack();
    const { teamId, thread, reply } = accepting(body, boltContext, client);
    await replyOnError(deps.logger, reply, async () => {
      const action = firstAction(body);
      const choice = parseFlowChoiceBlockId(action.block_id);
      const flowId = action.selected_option?.value;
      if (!choice || !flowId || !thread) throw new Error("flow choice without its invitation");
      await completeAcceptance(context(deps, client, teamId, body, thread), { invitationId: choice.invitationId, accountId: choice.accountId, flow: { kind: "existing", flowId } });
    });
  });

  app.action<BlockAction>(ACTIONS.acceptAsAccount, async ({ ack, body, client, context: boltContext }) => {
    await ack();
    const { teamId, thread, reply } = accepting(body, boltContext, client);
    await replyOnError(deps.logger, reply, async () => {
      const action = firstAction(body);
      const invitationId = parseAccountChoiceBlockId(action.block_id);
      const accountId = action.selected_option?.value;
      if (!invitationId || !accountId || !thread) throw new Error("account choice without its invitation");
      const account = await deps.prisma.account.findUnique({ where: { id: accountId }, select: { id: true, name: true, plan: true } });
      if (account?.plan === "paid") {
        const invitation = await deps.prisma.invitation.findUnique({ where: { id: invitationId }, include: { seller: { select: { name: true } } } });
        const flows = await deps.prisma.flow.findMany({ where: { accountId }, select: { id: true, name: true }, orderBy: { id: "asc" }, take: 100 });
        await postInThread(client, thread, {
          text: "Where should the leads go?",
          blocks: flowChoiceBlocks({ invitationId, sellerName: invitation?.seller.name ?? "the seller", account, flows }),
        });
        return;
      }
      await completeAcceptance(context(deps, client, teamId, body, thread), { invitationId, accountId });
    });
  });
}
