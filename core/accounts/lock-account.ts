import type { Prisma } from "../db/prisma.ts";

/**
 * Locks an account's row until the transaction ends, serialising changes that must see a
 * consistent count (plan limits, the last admin, a seller's pending invitations). Returns the
 * plan, or null when there is no such account.
 */
export async function lockAccount(
  tx: Prisma.TransactionClient,
  accountId: string,
): Promise<{ plan: "partner" | "paid"; name: string } | null> {
  const rows = await tx.$queryRaw<{ plan: "partner" | "paid"; name: string }[]>`
    SELECT plan::text AS plan, name FROM accounts WHERE id = ${accountId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

/** Serialises claims of one email domain (no unique index: the check names the owner instead). */
export async function lockEmailDomain(tx: Prisma.TransactionClient, domain: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`email-domain:${domain}`}))`;
}
