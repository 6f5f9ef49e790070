import type { Account } from "../../prisma/generated/client.ts";

export interface AccountView {
  id: string;
  name: string;
  plan: "partner" | "paid";
  email_domain: string | null;
  created_at: string;
}

export function toAccountView(account: Account): AccountView {
  return {
    id: account.id,
    name: account.name,
    plan: account.plan,
    email_domain: account.emailDomain,
    created_at: account.createdAt.toISOString(),
  };
}
