import type { Destination } from "../../prisma/generated/client.ts";
import type { Db } from "../db/prisma.ts";

/*
 * The stored destination rows the Slack bot acts on (its modals and buttons need the account,
 * the health and the credential hints; the API shows DestinationView instead). Credentials stay
 * sealed in them.
 */

/** A destination by id, whatever its account (the caller checks who may see it), or null. */
export function findDestinationRow(db: Db, destinationId: string): Promise<Destination | null> {
  return db.destination.findUnique({ where: { id: destinationId } });
}

/** One of an account's destinations, or null. */
export function findAccountDestinationRow(db: Db, accountId: string, destinationId: string): Promise<Destination | null> {
  return db.destination.findFirst({ where: { id: destinationId, accountId } });
}

/** How many destinations an account has (its plan limits them). */
export function countAccountDestinations(db: Db, accountId: string): Promise<number> {
  return db.destination.count({ where: { accountId } });
}

/** The destination a flow delivers to first (its first enabled step), or null when it has none. */
export async function firstDestinationOfFlow(db: Db, flowId: string): Promise<Destination | null> {
  const step = await db.flowStep.findFirst({
    where: { flowId, enabled: true },
    include: { destination: true },
    orderBy: { position: "asc" },
  });
  return step?.destination ?? null;
}
