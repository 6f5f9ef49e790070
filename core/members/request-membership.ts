import { assertAccountAdmin, type Actor } from "../accounts/actor.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { recordAccountEvent } from "../events/record-account-event.ts";
import { isId, newId } from "../ids.ts";
import { Refusal } from "../refusal.ts";
import { findOrCreateUser } from "../users/find-or-create-user.ts";

export interface MembershipRequest {
  /** The membership the admin's "Add" acts on: a `requested` one, or the person's active one without lead access. */
  membershipId: string;
  kind: "join" | "lead_access";
  user: { id: string; email: string; name: string | null };
}

/**
 * A person, with their verified identity, asks to join an account (with lead access) that the
 * caller derived from that identity (their email domain's account, or the one they are a member
 * of without lead access), never from an id someone sent. Stored as a `requested` membership that
 * grants nothing until an admin says yes. An account that had already added the person (pending)
 * and now hears them ask: both said yes, so it is active.
 */
export async function requestMembership(
  prisma: PrismaClient,
  accountId: string,
  person: { email: string; name: string },
): Promise<MembershipRequest & { joined: boolean }> {
  return prisma.$transaction(async (tx) => {
    const user = await findOrCreateUser(tx, { email: person.email, name: person.name });
    const existing = await tx.membership.findUnique({ where: { accountId_userId: { accountId, userId: user.id } } });
    const who = { id: user.id, email: user.email, name: user.name };
    if (existing?.status === "active") {
      if (existing.leadAccess)
        throw new Refusal("conflict", "already_member", "You are already a member with lead access: accept the invitation again");
      return { membershipId: existing.id, kind: "lead_access" as const, user: who, joined: false };
    }
    if (existing?.status === "pending") {
      await tx.membership.update({
        where: { id: existing.id },
        data: { status: "active", confirmTokenHash: null, confirmExpiresAt: null },
      });
      await recordAccountEvent(tx, {
        accountId,
        outcome: "success",
        reason: "Member joined",
        snapshot: { member: { email: user.email, name: user.name }, how: "chat" },
      });
      return { membershipId: existing.id, kind: "join" as const, user: who, joined: true };
    }
    if (existing) return { membershipId: existing.id, kind: "join" as const, user: who, joined: false };
    const created = await tx.membership.create({
      data: { id: newId(), accountId, userId: user.id, role: "member", leadAccess: true, status: "requested" },
    });
    return { membershipId: created.id, kind: "join" as const, user: who, joined: false };
  });
}

export interface GrantedRequest {
  accountId: string;
  accountName: string;
  user: { id: string; email: string; name: string | null };
  /** The person already was a member: they got lead access. */
  already: boolean;
}

/**
 * An admin says yes to a stored request: a `requested` membership becomes active with lead
 * access, or an active member without it gets it. The request must exist (an id nobody asked
 * for, or a pending membership the person has not confirmed, is refused), and the actor must be
 * an admin of the request's own account.
 */
export async function grantMembershipRequest(prisma: PrismaClient, membershipId: string, actor: Actor): Promise<GrantedRequest> {
  const refused = () => new Refusal("not_found", "access_request_not_found", "This request to join is no longer open");
  const row = isId(membershipId) ? await prisma.membership.findUnique({ where: { id: membershipId }, select: { accountId: true } }) : null;
  if (!row) throw refused();
  await assertAccountAdmin(prisma, row.accountId, actor);
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<
      { status: string }[]
    >`SELECT status::text AS status FROM memberships WHERE id = ${membershipId}::uuid FOR UPDATE`;
    if (locked?.status !== "requested" && locked?.status !== "active") throw refused();
    const updated = await tx.membership.update({
      where: { id: membershipId },
      data: { status: "active", leadAccess: true },
      include: { user: true, account: { select: { name: true } } },
    });
    if (locked.status === "requested") {
      await recordAccountEvent(tx, {
        accountId: row.accountId,
        outcome: "success",
        reason: "Member joined",
        snapshot: { member: { email: updated.user.email, name: updated.user.name }, how: "access_request_granted" },
      });
    }
    return {
      accountId: row.accountId,
      accountName: updated.account.name,
      user: { id: updated.user.id, email: updated.user.email, name: updated.user.name },
      already: locked.status === "active",
    };
  });
}
