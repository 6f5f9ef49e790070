import type { PrismaClient } from "../db/prisma.ts";
import { Refusal } from "../refusal.ts";
import { emailDomainOf } from "../users/email-address.ts";
import { toAccountView, type AccountView } from "./account-view.ts";
import { assertAccountAdmin, type Actor } from "./actor.ts";
import { isFreeEmailDomain } from "./free-email-domains.ts";
import { lockEmailDomain } from "./lock-account.ts";

export interface AccountChanges {
  name?: string;
  /** null releases the domain. */
  emailDomain?: string | null;
}

/**
 * Renames an account or sets its email domain. A domain routes people who accept an invitation
 * to this account (they must be members), so it must be one of the account's admins' email
 * domains, not a free mailbox provider, and not claimed by another account; otherwise anyone
 * could lock a company's people out by claiming its domain.
 */
export async function updateAccount(prisma: PrismaClient, accountId: string, actor: Actor, changes: AccountChanges): Promise<AccountView> {
  await assertAccountAdmin(prisma, accountId, actor);
  return prisma.$transaction(async (tx) => {
    const domain = changes.emailDomain?.trim().toLowerCase();
    if (domain) {
      if (isFreeEmailDomain(domain)) {
        throw new Refusal("invalid", "free_email_domain", `${domain} is a free email provider: it cannot identify a company account`);
      }
      const admins = await tx.membership.findMany({
        where: { accountId, role: "admin", status: "active" },
        select: { user: { select: { email: true } } },
      });
      if (!admins.some((admin) => emailDomainOf(admin.user.email) === domain)) {
        throw new Refusal(
          "invalid",
          "email_domain_unverified",
          `email_domain must be the email domain of one of the account's admins (none has an @${domain} address)`,
        );
      }
      await lockEmailDomain(tx, domain);
      const owner = await tx.account.findFirst({ where: { emailDomain: domain, id: { not: accountId } }, select: { id: true } });
      if (owner) throw new Refusal("conflict", "email_domain_taken", `${domain} already belongs to another account`);
    }
    const account = await tx.account.update({
      where: { id: accountId },
      data: { name: changes.name, emailDomain: changes.emailDomain === undefined ? undefined : (domain ?? null) },
    });
    return toAccountView(account);
  });
}
