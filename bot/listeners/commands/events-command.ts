import { listEvents } from "../../../core/events/list-events.ts";
import { eventsMessage } from "../../blocks/account-overview-blocks.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay events`: the latest events (intake, deliveries, tests) with their outcomes. */
export async function eventsCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const { events } = await listEvents(deps.prisma, account.id, { limit: 15 });
  await context.ack(eventsMessage(account.name, events));
}
