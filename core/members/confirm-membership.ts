import { hashSecretToken } from "../crypto/secret-token.ts";
import type { Db, Prisma, PrismaClient } from "../db/prisma.ts";
import { recordAccountEvent } from "../events/record-account-event.ts";
import { isId } from "../ids.ts";
import { Refusal } from "../refusal.ts";
import { normaliseEmail } from "../users/email-address.ts";
import { looksLikeMembershipToken } from "./membership-token.ts";

export type MembershipDecision = "join" | "decline";

/** How a person proves a pending membership is theirs: the emailed link, or their verified email (Slack profile). */
export type MembershipProof = { kind: "token"; token: string } | { kind: "verified_email"; membershipId: string; email: string };

export interface PendingMembership {
  id: string;
  email: string;
  account: { id: string; name: string };
  role: "admin" | "member";
  leadAccess: boolean;
  expiresAt: Date | null;
}

export interface MembershipDecided {
  decision: MembershipDecision;
  accountId: string;
  accountName: string;
  userId: string;
}

/**
 * One answer for every way a proof can fail (unknown, used, expired, someone else's), so it says
 * nothing about the account or the person behind an id or token the caller does not own.
 */
export function membershipConfirmationInvalid(): Refusal {
  return new Refusal(
    "not_found",
    "membership_confirmation_invalid",
    "This request to join an account is not for you, was already answered, or has expired",
  );
}

/** The pending membership the proof opens (for the page or message that asks "Join or decline?"). */
export async function pendingMembershipFor(db: Db, proof: MembershipProof): Promise<PendingMembership> {
  const row = await findByProof(db, proof);
  if (!row) throw membershipConfirmationInvalid();
  return pendingMembershipOf(row);
}

/**
 * The person behind a pending membership answers: `join` makes it active (from now on it grants
 * what its role and lead access say), `decline` removes it. Single use: the row is locked and its
 * token cleared, so a second answer is refused.
 */
export async function decideMembership(
  prisma: PrismaClient,
  proof: MembershipProof,
  decision: MembershipDecision,
): Promise<MembershipDecided> {
  return prisma.$transaction(async (tx) => {
    const found = await findByProof(tx, proof);
    if (!found) throw membershipConfirmationInvalid();
    const [locked] = await tx.$queryRaw<
      { status: string }[]
    >`SELECT status::text AS status FROM memberships WHERE id = ${found.id}::uuid FOR UPDATE`;
    if (locked?.status !== "pending") throw membershipConfirmationInvalid();
    const member = { email: found.user.email, name: found.user.name };
    if (decision === "join") {
      await tx.membership.update({ where: { id: found.id }, data: { status: "active", confirmTokenHash: null, confirmExpiresAt: null } });
      await recordAccountEvent(tx, {
        accountId: found.accountId,
        outcome: "success",
        reason: "Member joined",
        snapshot: { member, how: proof.kind === "token" ? "email_link" : "chat" },
      });
    } else {
      await tx.membership.delete({ where: { id: found.id } });
      await recordAccountEvent(tx, { accountId: found.accountId, outcome: "failure", reason: "Membership declined", snapshot: { member } });
    }
    return { decision, accountId: found.accountId, accountName: found.account.name, userId: found.userId };
  });
}

/** The unexpired pending memberships of the person with this (verified) email, oldest first: to ask them when they next show up. */
export async function pendingMembershipsOf(db: Db, email: string): Promise<PendingMembership[]> {
  const rows = await db.membership.findMany({
    where: {
      status: "pending",
      user: { email: { equals: normaliseEmail(email), mode: "insensitive" } },
      OR: [{ confirmExpiresAt: null }, { confirmExpiresAt: { gt: new Date() } }],
    },
    include: { user: true, account: { select: { id: true, name: true } } },
    orderBy: { id: "asc" },
    take: 5,
  });
  return rows.map(pendingMembershipOf);
}

/** What the person is asked about: the membership row read with its user and account (as `findByProof` and the list read it). */
function pendingMembershipOf(row: {
  id: string;
  user: { email: string };
  account: { id: string; name: string };
  role: PendingMembership["role"];
  leadAccess: boolean;
  confirmExpiresAt: Date | null;
}): PendingMembership {
  return {
    id: row.id,
    email: row.user.email,
    account: row.account,
    role: row.role,
    leadAccess: row.leadAccess,
    expiresAt: row.confirmExpiresAt,
  };
}

/** The still-pending, unexpired membership the proof names, or null; never someone else's. */
async function findByProof(db: Db | Prisma.TransactionClient, proof: MembershipProof) {
  const include = { user: true, account: { select: { id: true, name: true } } } as const;
  const row =
    proof.kind === "token"
      ? looksLikeMembershipToken(proof.token)
        ? await db.membership.findUnique({ where: { confirmTokenHash: hashSecretToken(proof.token) }, include })
        : null
      : isId(proof.membershipId)
        ? await db.membership.findUnique({ where: { id: proof.membershipId }, include })
        : null;
  if (!row || row.status !== "pending") return null;
  if (row.confirmExpiresAt && row.confirmExpiresAt <= new Date()) return null;
  if (proof.kind === "verified_email" && normaliseEmail(row.user.email) !== normaliseEmail(proof.email)) return null;
  return row;
}
