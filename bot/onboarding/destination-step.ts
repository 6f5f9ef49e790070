import { listIntegrations, findIntegration } from "../../core/integrations/registry.ts";
import { destinationSellers } from "../../core/onboarding/destination-sellers.ts";
import { replayDeps } from "../../core/replays/replay-deps.ts";
import { recentWindow } from "../../core/replays/replay-request.ts";
import { countReplayable } from "../../core/replays/replayable-count.ts";
import type { BotDeps } from "../bot-deps.ts";
import { destinationChoiceMessage } from "../../slack/blocks/destination-choice.ts";
import { destinationSetUpMessage } from "../../slack/blocks/destination-ready.ts";
import type { SlackMessage } from "../conversation.ts";
import { authorizationUrl, awaitsAuthorization } from "./oauth-authorization.ts";
import { notFound } from "../../core/refusal.ts";
import { listDestinations } from "../../core/destinations/list-destinations.ts";
import { firstDestinationOfFlow } from "../../core/destinations/destination-rows.ts";
import { getAccount } from "../../core/accounts/get-account.ts";

/**
 * What comes after connecting (the guide's step 2): a flow without a destination gets the
 * "Create destination" choice; one that has a destination gets "Send test lead".
 */
export async function destinationStep(
  deps: BotDeps,
  input: { accountId: string; flowId: string | null; sellerName: string },
): Promise<SlackMessage & { destinationId: string | null }> {
  const account = await getAccount(deps.prisma, input.accountId);
  if (!account) throw notFound("account");
  const first = input.flowId ? await firstDestinationOfFlow(deps.prisma, input.flowId) : null;
  if (first) return destinationReadyMessage(deps, first, null);

  const existing =
    account.plan === "paid"
      ? (await listDestinations(deps.prisma, input.accountId, { take: 100 })).map(({ id, name }) => ({ id, name }))
      : [];
  return {
    ...destinationChoiceMessage({
      sellerName: input.sellerName,
      accountId: input.accountId,
      flowId: account.plan === "paid" ? input.flowId : null,
      integrations: listIntegrations().map((integration) => ({ id: integration.id, name: integration.name })),
      existingDestinations: existing,
    }),
    destinationId: null,
  };
}

/** "<name> is set up" with the Send test lead button, the seller's posting URL, and Deliver for leads that arrived before it. */
export async function destinationReadyMessage(
  deps: BotDeps,
  destination: { id: string; accountId: string; name: string; integration: string; authMethod: string | null; healthReason: string | null },
  verified: string | null,
): Promise<SlackMessage & { destinationId: string }> {
  const sellers = await destinationSellers(deps.prisma, destination.id, deps.publicUrl);
  const integrationName = findIntegration(destination.integration)?.name ?? destination.integration;
  const authorizeUrl = awaitsAuthorization(destination) ? await authorizationUrl(deps, destination) : null;
  // Leads the flow took before this destination was attached are offered, never sent unasked.
  const undelivered = authorizeUrl
    ? 0
    : await countReplayable(deps.prisma, destination.id, "undelivered", recentWindow(), replayDeps(deps.destinations).maxLeads);
  return {
    ...destinationSetUpMessage({
      destinationId: destination.id,
      destinationName: destination.name,
      integrationName,
      verified,
      sellers,
      authorizeUrl,
      undelivered,
    }),
    destinationId: destination.id,
  };
}
