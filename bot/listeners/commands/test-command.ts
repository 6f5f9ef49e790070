import { Refusal } from "../../../core/refusal.ts";
import { testLeadModalFor } from "../../onboarding/test-lead.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";
import { unescapeSlackText } from "./command-text.ts";
import { listDestinations } from "../../../core/destinations/list-destinations.ts";

/** `/leadrelay test [destination name]`: the test-lead form for the (named, else first) destination. */
export async function testCommand(args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const typed = unescapeSlackText(args.join(" ").trim());
  const name = typed.toLowerCase();
  const destinations = await listDestinations(deps.prisma, account.id);
  const destination = name
    ? (destinations.find((candidate) => candidate.name.toLowerCase() === name) ??
      destinations.find((candidate) => candidate.name.toLowerCase().includes(name)))
    : destinations[0];
  if (!destination) {
    throw new Refusal(
      "not_found",
      "no_destination",
      destinations.length
        ? `No destination named “${typed}”: see /leadrelay destinations`
        : "You have no destination yet: create one with /leadrelay destinations",
    );
  }
  await context.ack();
  await context.client.views.open({
    trigger_id: context.command.trigger_id,
    view: testLeadModalFor({ ...destination, accountId: account.id }, null),
  });
}
