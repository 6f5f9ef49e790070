import { BUYER_HIDDEN_EVENT_TYPES, listEvents } from "../../../core/events/list-events.ts";
import { eventsMessage } from "../../../slack/blocks/account-overview-blocks.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay events`: the latest events (intake, deliveries, tests) with their outcomes; not the bot's own notifications. */
export async function eventsCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const { events } = await listEvents(deps.prisma, account.id, { limit: 15, excludeTypes: BUYER_HIDDEN_EVENT_TYPES });
  await context.ack(eventsMessage(account.name, events));
}
