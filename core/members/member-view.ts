import type { Membership, User } from "../../prisma/generated/client.ts";

export interface MemberView {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: "admin" | "member";
  lead_access: boolean;
  /** Only `active` grants anything: `pending` waits for the person to confirm, `requested` for an admin. */
  status: "active" | "pending" | "requested";
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
    status: membership.status,
    created_at: membership.createdAt.toISOString(),
  };
}

/** What every check of "is this person a member" must add to its query: only confirmed memberships count. */
export const ACTIVE_MEMBERSHIP = { status: "active" } as const;
