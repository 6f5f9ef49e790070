import { findIntegration } from "../../../core/integrations/registry.ts";
import { destinationsListMessage } from "../../../slack/blocks/destinations-list.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";
import { listDestinations } from "../../../core/destinations/list-destinations.ts";

/** `/leadrelay destinations`: each destination with its health and fixes, and "Create destination". */
export async function destinationsCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const destinations = await listDestinations(deps.prisma, account.id, { take: 15 });
  await context.ack(
    destinationsListMessage({
      account,
      destinations: destinations.map((destination) => ({
        id: destination.id,
        name: destination.name,
        integrationName: findIntegration(destination.integration)?.name ?? destination.integration,
        health: destination.health,
        healthReason: destination.health_reason,
      })),
    }),
  );
}
