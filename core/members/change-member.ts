import { assertAccountAdmin, type Actor } from "../accounts/actor.ts";
import { lockAccount } from "../accounts/lock-account.ts";
import type { Prisma, PrismaClient } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { notFound, Refusal } from "../refusal.ts";
import { toMemberView, type MemberView } from "./member-view.ts";

export interface MembershipChanges {
  role?: "admin" | "member";
  leadAccess?: boolean;
}

/** Changes a member's role or lead access; admins only, and the last admin stays an admin. */
export async function updateMember(
  prisma: PrismaClient,
  accountId: string,
  actor: Actor,
  memberId: string,
  changes: MembershipChanges,
): Promise<MemberView> {
  await assertAccountAdmin(prisma, accountId, actor);
  return prisma.$transaction(async (tx) => {
    const membership = await lockedMembership(tx, accountId, memberId);
    if (membership.status === "active" && membership.role === "admin" && changes.role === "member")
      await assertAnotherAdmin(tx, accountId, memberId);
    const updated = await tx.membership.update({
      where: { id: membership.id },
      data: { role: changes.role, leadAccess: changes.leadAccess },
      include: { user: true },
    });
    return toMemberView(updated);
  });
}

/** Removes a member (or withdraws a pending one) from the account (the user remains); admins only, never the last admin. */
export async function removeMember(prisma: PrismaClient, accountId: string, actor: Actor, memberId: string): Promise<void> {
  await assertAccountAdmin(prisma, accountId, actor);
  await prisma.$transaction(async (tx) => {
    const membership = await lockedMembership(tx, accountId, memberId);
    if (membership.status === "active" && membership.role === "admin") await assertAnotherAdmin(tx, accountId, memberId);
    await tx.membership.delete({ where: { id: membership.id } });
  });
}

/** The membership, read after locking its account so admin counts cannot change underneath. */
async function lockedMembership(tx: Prisma.TransactionClient, accountId: string, memberId: string) {
  await lockAccount(tx, accountId);
  const membership = isId(memberId) ? await tx.membership.findFirst({ where: { id: memberId, accountId } }) : null;
  if (!membership) throw notFound("member");
  return membership;
}

async function assertAnotherAdmin(tx: Prisma.TransactionClient, accountId: string, memberId: string): Promise<void> {
  const others = await tx.membership.count({ where: { accountId, role: "admin", status: "active", id: { not: memberId } } });
  if (others === 0) {
    throw new Refusal("conflict", "last_admin", "An account needs at least one admin: make another member an admin first");
  }
}
