import type { Db } from "../db/prisma.ts";
import { ACTIVE_MEMBERSHIP } from "./member-view.ts";

export interface UserAccount {
  id: string;
  name: string;
  plan: "partner" | "paid";
  role: "admin" | "member";
  leadAccess: boolean;
}

/** The accounts a person belongs to (confirmed memberships only: pending or requested ones grant nothing), the most recently joined first. */
export async function listUserAccounts(db: Db, userId: string): Promise<UserAccount[]> {
  const rows = await db.membership.findMany({
    where: { userId, ...ACTIVE_MEMBERSHIP },
    include: { account: { select: { id: true, name: true, plan: true } } },
    orderBy: { id: "desc" },
  });
  return rows.map((row) => ({
    id: row.account.id,
    name: row.account.name,
    plan: row.account.plan,
    role: row.role,
    leadAccess: row.leadAccess,
  }));
}
