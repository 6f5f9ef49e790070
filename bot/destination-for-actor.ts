import type { Destination } from "../prisma/generated/client.ts";
import { isId } from "../core/ids.ts";
import { notFound } from "../core/refusal.ts";
import type { BotDeps } from "./bot-deps.ts";
import { requireMember, type SlackActor } from "./slack-actor.ts";
import { findDestinationRow } from "../core/destinations/destination-rows.ts";

/**
 * A destination the acting person may work on (a member, with lead access, of its account). One
 * answer, "not found", for an id that does not exist and for another account's: the id comes
 * from a payload, and whether it exists is none of the clicker's business.
 */
export async function destinationForActor(deps: BotDeps, actor: SlackActor, destinationId: string | undefined): Promise<Destination> {
  const destination = destinationId && isId(destinationId) ? await findDestinationRow(deps.prisma, destinationId) : null;
  if (!destination || !actor.accounts.some((account) => account.id === destination.accountId)) throw notFound("destination");
  requireMember(actor, destination.accountId);
  return destination;
}
