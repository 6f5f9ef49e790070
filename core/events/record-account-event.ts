import type { Db, Prisma } from "../db/prisma.ts";
import { newId } from "../ids.ts";

export interface AccountEvent {
  accountId: string;
  outcome: "success" | "failure";
  /** Short and fixed, so events aggregate ("Access requested", "Connection ended"). */
  reason: string;
  flowId?: string | null;
  snapshot: Prisma.InputJsonObject;
}

/**
 * Records something that happened to an account rather than to a lead (a connection accepted,
 * paused or ended; someone asking to join). The Slack bot relays these to the account's channel.
 */
export async function recordAccountEvent(db: Db, event: AccountEvent) {
  return db.event.create({
    data: {
      id: newId(),
      accountId: event.accountId,
      type: "account",
      outcome: event.outcome,
      reason: event.reason,
      flowId: event.flowId ?? null,
      snapshot: event.snapshot,
    },
  });
}
