import { accountOverview } from "../../../core/onboarding/account-overview.ts";
import { statusMessage } from "../../../slack/blocks/account-overview-blocks.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay status`: the account, its connections, destinations, recent events and the next step. */
export async function statusCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const overview = await accountOverview(deps.prisma, account.id, deps.publicUrl);
  await context.ack(statusMessage(overview));
}
