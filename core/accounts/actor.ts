import type { Db } from "../db/prisma.ts";
import { Refusal } from "../refusal.ts";

/**
 * Who performs a management action. An account API key is an admin-level credential of its
 * account (only admins can create one); a user (the Slack bot acting for a person) has the
 * rights of their membership.
 */
export type Actor = { kind: "account_key" } | { kind: "user"; userId: string };

export const ACCOUNT_KEY_ACTOR: Actor = { kind: "account_key" };

/** Throws `admin_required` unless the actor may administer the account (members, API keys). */
export async function assertAccountAdmin(db: Db, accountId: string, actor: Actor): Promise<void> {
  if (actor.kind === "account_key") return;
  const membership = await db.membership.findUnique({
    where: { accountId_userId: { accountId, userId: actor.userId } },
    select: { role: true, status: true },
  });
  if (membership?.role !== "admin" || membership.status !== "active") {
    throw new Refusal("forbidden", "admin_required", "Only an admin of the account can do this");
  }
}
