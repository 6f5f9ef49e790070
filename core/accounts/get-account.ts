import type { Db } from "../db/prisma.ts";
import { toAccountView, type AccountView } from "./account-view.ts";

export async function getAccount(db: Db, accountId: string): Promise<AccountView | null> {
  const account = await db.account.findUnique({ where: { id: accountId } });
  return account ? toAccountView(account) : null;
}
