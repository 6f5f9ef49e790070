import { randomBytes } from "node:crypto";
import { createAccount } from "../../core/accounts/create-account.ts";
import { issueAccountKey } from "../../core/accounts/issue-account-key.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { newId } from "../../core/ids.ts";
import { findOrCreateUser } from "../../core/users/find-or-create-user.ts";

export interface SeededAccount {
  accountId: string;
  accountKey: string;
  adminUserId: string;
  adminEmail: string;
  domain: string;
}

/**
 * A company domain no other suite (or earlier run against the same database) uses: suites run
 * in parallel on one database and email domains route people to accounts.
 */
export function uniqueDomain(label = "co"): string {
  return `${label}-${randomBytes(5).toString("hex")}.example`;
}

/** An account with an admin (ada@<domain>) and one API key; the domain is claimed only if asked. */
export async function seedAccount(
  prisma: PrismaClient,
  options: { name?: string; plan?: "partner" | "paid"; claimDomain?: boolean; domain?: string } = {},
): Promise<SeededAccount> {
  const domain = options.domain ?? uniqueDomain();
  const account = await createAccount(prisma, {
    name: options.name ?? `Account ${domain}`,
    plan: options.plan ?? "paid",
    emailDomain: options.claimDomain ? domain : null,
  });
  const adminEmail = `ada@${domain}`;
  const admin = await findOrCreateUser(prisma, { email: adminEmail, name: "Ada Admin" });
  await prisma.membership.create({ data: { id: newId(), accountId: account.id, userId: admin.id, role: "admin", leadAccess: true } });
  const { key } = await issueAccountKey(prisma, account.id, "test");
  return { accountId: account.id, accountKey: key, adminUserId: admin.id, adminEmail, domain };
}
