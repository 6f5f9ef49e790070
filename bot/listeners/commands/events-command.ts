import { listEvents } from "../../../core/events/list-events.ts";
import { eventLine } from "../../blocks/account-overview-blocks.ts";
import { escapeMrkdwn, truncate } from "../../blocks/mrkdwn.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay events`: the latest events (intake, deliveries, tests) with their outcomes. */
export async function eventsCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const { events } = await listEvents(deps.prisma, account.id, { limit: 15 });
  const lines = events.length ? events.map(eventLine).join("\n") : "No events yet. Send a test lead to see one.";
  await context.ack({
    response_type: "ephemeral",
    text: `Latest events of ${account.name}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*Latest events of ${escapeMrkdwn(account.name)}*` } },
      { type: "section", text: { type: "mrkdwn", text: truncate(lines, 2900) } },
    ],
  });
}
