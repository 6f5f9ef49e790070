import { assertAccountAdmin, type Actor } from "../accounts/actor.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { Refusal } from "../refusal.ts";
import { findOrCreateUser } from "../users/find-or-create-user.ts";
import { toMemberView, type MemberView } from "./member-view.ts";

export interface NewMember {
  email: string;
  name?: string | null;
  role: "admin" | "member";
  leadAccess: boolean;
}

/** Adds a person (created as a user if new) to the account; admins only. */
export async function addMember(prisma: PrismaClient, accountId: string, actor: Actor, input: NewMember): Promise<MemberView> {
  await assertAccountAdmin(prisma, accountId, actor);
  return prisma.$transaction(async (tx) => {
    const user = await findOrCreateUser(tx, { email: input.email, name: input.name });
    const existing = await tx.membership.findUnique({ where: { accountId_userId: { accountId, userId: user.id } }, select: { id: true } });
    if (existing) {
      throw new Refusal("conflict", "already_member", `${user.email} is already a member of this account`, { member_id: existing.id });
    }
    const membership = await tx.membership.create({
      data: { id: newId(), accountId, userId: user.id, role: input.role, leadAccess: input.leadAccess },
      include: { user: true },
    });
    return toMemberView(membership);
  });
}
