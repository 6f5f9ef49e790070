import type { Invitation } from "../../prisma/generated/client.ts";

/** pending until accepted or revoked; a pending one past its expiry is shown as expired. */
export type InvitationState = "pending" | "expired" | "accepted" | "revoked";

export interface InvitationView {
  id: string;
  email: string;
  fields: string[];
  status: InvitationState;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
  connection_id: string | null;
  created_at: string;
}

export function invitationState(invitation: Pick<Invitation, "status" | "expiresAt">, now = new Date()): InvitationState {
  if (invitation.status === "pending" && invitation.expiresAt <= now) return "expired";
  return invitation.status;
}

export function toInvitationView(invitation: Invitation & { connection: { id: string } | null }): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    fields: invitation.fields,
    status: invitationState(invitation),
    expires_at: invitation.expiresAt.toISOString(),
    accepted_at: invitation.acceptedAt?.toISOString() ?? null,
    revoked_at: invitation.revokedAt?.toISOString() ?? null,
    connection_id: invitation.connection?.id ?? null,
    created_at: invitation.createdAt.toISOString(),
  };
}

export const INVITATION_CONNECTION = { connection: { select: { id: true } } } as const;
