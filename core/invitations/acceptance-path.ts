import { isFreeEmailDomain } from "../accounts/free-email-domains.ts";
import type { Db } from "../db/prisma.ts";
import { listAccountAdmins, type AccountAdmin } from "../members/list-account-admins.ts";
import { emailDomainOf } from "../users/email-address.ts";
import { findUserByEmail } from "../users/find-or-create-user.ts";

export interface CandidateAccount {
  id: string;
  name: string;
  plan: "partner" | "paid";
  /** A paid account chooses one of these (or a new "Buyer Step Flow") for the seller's leads. */
  flows: { id: string; name: string }[];
}

/**
 * Which way accepting an invitation will go for this person, read without changing anything,
 * so a chat front end can ask the right question first (a company name, a flow, an account).
 * acceptInvitation decides again under its locks: this only chooses the next screen.
 */
export type AcceptancePath =
  /** No account yet: accepting creates a free partner account, named as the person says. */
  | { kind: "create_account"; suggestedCompany: string }
  /** A member (with lead access) of exactly one account other than the seller's: it connects. */
  | { kind: "member"; account: CandidateAccount }
  | { kind: "choose_account"; accounts: CandidateAccount[] }
  /** Their email domain belongs to an account they are not in: an admin must add them first. */
  | { kind: "membership_required"; account: { id: string; name: string }; admins: AccountAdmin[] }
  /** A member without lead access: an admin must give it. */
  | { kind: "lead_access_required"; account: { id: string; name: string }; admins: AccountAdmin[] }
  /** Their only account is the seller's own. */
  | { kind: "self_connection" };

export async function acceptancePath(db: Db, email: string, name: string, sellerAccountId: string): Promise<AcceptancePath> {
  const user = await findUserByEmail(db, email);
  const memberships = user
    ? await db.membership.findMany({
        where: { userId: user.id, status: "active" },
        include: { account: { select: { id: true, name: true, plan: true } } },
        orderBy: { id: "asc" },
      })
    : [];
  if (memberships.length) {
    const candidates = memberships.filter((membership) => membership.accountId !== sellerAccountId);
    if (!candidates.length) return { kind: "self_connection" };
    const withAccess = candidates.filter((membership) => membership.leadAccess);
    if (!withAccess.length) {
      const account = candidates[0]!.account;
      return {
        kind: "lead_access_required",
        account: { id: account.id, name: account.name },
        admins: await listAccountAdmins(db, account.id),
      };
    }
    // One after the other: `db` may be a transaction, whose one connection runs one query at a time.
    const accounts = [];
    for (const membership of withAccess) accounts.push(await candidateAccount(db, membership.account));
    return accounts.length === 1 ? { kind: "member", account: accounts[0]! } : { kind: "choose_account", accounts };
  }
  const domain = emailDomainOf(email);
  if (!isFreeEmailDomain(domain)) {
    const owner = await db.account.findFirst({ where: { emailDomain: domain }, orderBy: { id: "asc" }, select: { id: true, name: true } });
    if (owner) return { kind: "membership_required", account: owner, admins: await listAccountAdmins(db, owner.id) };
  }
  return { kind: "create_account", suggestedCompany: isFreeEmailDomain(domain) ? name : companyNameFromDomain(domain) };
}

async function candidateAccount(db: Db, account: { id: string; name: string; plan: "partner" | "paid" }): Promise<CandidateAccount> {
  const flows =
    account.plan === "paid"
      ? await db.flow.findMany({ where: { accountId: account.id }, select: { id: true, name: true }, orderBy: { id: "asc" }, take: 100 })
      : [];
  return { ...account, flows };
}

/** "acme-widgets.co.uk" → "Acme Widgets": the name a company's domain suggests. */
export function companyNameFromDomain(domain: string): string {
  const labels = domain.toLowerCase().split(".").filter(Boolean);
  const secondLevel = new Set(["co", "com", "org", "net", "ac", "gov"]);
  let index = labels.length >= 2 ? labels.length - 2 : 0;
  if (index > 0 && secondLevel.has(labels[index]!) && labels[index + 1]!.length === 2) index -= 1;
  const label = labels[index] ?? domain;
  return label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(" ");
}
