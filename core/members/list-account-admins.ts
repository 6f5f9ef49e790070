import type { Db } from "../db/prisma.ts";
import { ACTIVE_MEMBERSHIP } from "./member-view.ts";

export interface AccountAdmin {
  userId: string;
  name: string | null;
  email: string;
}

/** The people who can add members to the account, oldest first. */
export async function listAccountAdmins(db: Db, accountId: string): Promise<AccountAdmin[]> {
  const rows = await db.membership.findMany({
    where: { accountId, role: "admin", ...ACTIVE_MEMBERSHIP },
    include: { user: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => ({ userId: row.userId, name: row.user.name, email: row.user.email }));
}
