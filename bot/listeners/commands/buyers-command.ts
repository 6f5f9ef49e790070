import { listBuyerStatuses } from "../../../core/partners/buyer-statuses.ts";
import { buyersStatusReply } from "../../../slack/blocks/buyers-status.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay buyers`: a seller sees each buyer it invited and how far they have got. */
export async function buyersCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const actor = await resolveActor(deps, context.client, context.teamId, context.userId);
  const account = currentAccount(actor);
  const { statuses, more } = await listBuyerStatuses(deps.prisma, account.id);
  await context.ack(buyersStatusReply({ accountName: account.name, statuses, more }));
}
