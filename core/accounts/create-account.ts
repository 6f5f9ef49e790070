import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";

export interface NewAccount {
  name: string;
  plan: "partner" | "paid";
  emailDomain?: string | null;
}

export async function createAccount(prisma: Db, input: NewAccount) {
  return prisma.account.create({
    data: { id: newId(), name: input.name, plan: input.plan, emailDomain: input.emailDomain?.toLowerCase() ?? null },
  });
}
