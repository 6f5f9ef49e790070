import type { PrismaClient } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { Refusal } from "../refusal.ts";
import { findOrCreateUser } from "../users/find-or-create-user.ts";
import { normaliseEmail } from "../users/email-address.ts";
import { createAccount } from "./create-account.ts";
import { issueAccountKey } from "./issue-account-key.ts";

export interface AccountSignUp {
  /** The company's name, as partners will see it. */
  name: string;
  /** The first admin: an existing user with this email, or a new one. */
  adminEmail: string;
  adminName?: string | null;
  /** `paid` (any number of flows and destinations) or `partner` (one of each, what an invited buyer gets). */
  plan: "partner" | "paid";
}

export interface SignedUpAccount {
  accountId: string;
  name: string;
  plan: "partner" | "paid";
  adminEmail: string;
  /** The account's first API key (shown once, only its hash is kept). */
  accountApiKey: string;
}

/**
 * A company account created by an operator (`npm run account -- create`), e.g. a seller that
 * will invite its buyers: the account, its first admin (an active membership with lead access)
 * and an API key, in one transaction. The same person asking twice for an account of the same
 * name is refused as a duplicate (the first key still works; issue more with POST /api-keys).
 */
export async function signUpAccount(prisma: PrismaClient, input: AccountSignUp): Promise<SignedUpAccount> {
  const email = normaliseEmail(input.adminEmail);
  return prisma.$transaction(async (tx) => {
    // Two runs at once for one email queue here, so the duplicate check below sees the other's account.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${"sign-up:" + email}))::text`;
    const duplicate = await tx.account.findFirst({
      where: {
        name: { equals: input.name, mode: "insensitive" },
        memberships: { some: { role: "admin", user: { email: { equals: email, mode: "insensitive" } } } },
      },
      select: { id: true },
    });
    if (duplicate) {
      throw new Refusal(
        "conflict",
        "duplicate_account",
        `${email} is already an admin of an account named "${input.name}" (${duplicate.id}): issue another key with POST /api-keys instead`,
        {
          account_id: duplicate.id,
        },
      );
    }
    const account = await createAccount(tx, { name: input.name, plan: input.plan });
    const admin = await findOrCreateUser(tx, { email, name: input.adminName });
    await tx.membership.create({ data: { id: newId(), accountId: account.id, userId: admin.id, role: "admin", leadAccess: true } });
    const { key } = await issueAccountKey(tx, account.id, "created by npm run account");
    return { accountId: account.id, name: account.name, plan: input.plan, adminEmail: admin.email, accountApiKey: key };
  });
}
