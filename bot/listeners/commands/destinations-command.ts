import type { KnownBlock } from "@slack/types";
import { findIntegration } from "../../../core/integrations/registry.ts";
import { ACTIONS } from "../../action-ids.ts";
import { destinationButtons } from "../../blocks/account-overview-blocks.ts";
import { escapeMrkdwn, plain } from "../../blocks/mrkdwn.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay destinations`: each destination with its health and fixes, and "Create destination". */
export async function destinationsCommand(_args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const account = currentAccount(await resolveActor(deps, context.client, context.teamId, context.userId));
  const destinations = await deps.prisma.destination.findMany({ where: { accountId: account.id }, orderBy: { id: "asc" }, take: 15 });
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: `*Destinations of ${escapeMrkdwn(account.name)}*` } }];
  if (!destinations.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "None yet." }] });
  for (const destination of destinations) {
    const health = destination.health === "healthy" ? ":large_green_circle: healthy" : `:red_circle: ${destination.health}${destination.healthReason ? `: ${escapeMrkdwn(destination.healthReason)}` : ""}`;
    blocks.push(
      { type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(destination.name)}* (${escapeMrkdwn(findIntegration(destination.integration)?.name ?? destination.integration)}) · ${health}` } },
      destinationButtons(destination.id),
    );
  }
  if (account.plan === "partner" && destinations.length >= 1) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: "LeadConduit for Partners accounts have one destination: change it with the buttons above." }] });
  } else {
    blocks.push({
      type: "actions",
      block_id: "destinations_create",
      elements: [{ type: "button", action_id: ACTIONS.createDestination, text: plain("Create destination"), value: JSON.stringify({ accountId: account.id, flowId: null }) }],
    });
  }
  await context.ack({ response_type: "ephemeral", text: `Destinations of ${account.name}`, blocks });
}
