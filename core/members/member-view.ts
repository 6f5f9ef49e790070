import type { Membership, User } from "../../prisma/generated/client.ts";

export interface MemberView {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: "admin" | "member";
  lead_access: boolean;
  created_at: string;
}

export function toMemberView(membership: Membership & { user: User }): MemberView {
  return {
    id: membership.id,
    user_id: membership.userId,
    email: membership.user.email,
    name: membership.user.name,
    role: membership.role,
    lead_access: membership.leadAccess,
    created_at: membership.createdAt.toISOString(),
  };
}
