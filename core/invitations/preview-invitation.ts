import { hashSecretToken } from "../crypto/secret-token.ts";
import type { Db } from "../db/prisma.ts";
import { maskEmail } from "../users/email-address.ts";
import { invitationState, type InvitationState } from "./invitation-view.ts";
import { looksLikeInvitationToken } from "./invitation-token.ts";

/** What the holder of an invitation link may see before accepting it. */
export interface InvitationPreview {
  seller_account: { name: string };
  email: string;
  fields: string[];
  status: InvitationState;
  expires_at: string;
  /** Accepted: when, and who (their name, or their address masked): nothing about their account. */
  accepted_at: string | null;
  accepted_by: string | null;
  revoked_at: string | null;
}

export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview | null> {
  return (await findInvitationByToken(db, token))?.preview ?? null;
}

/** The invitation a link names: its id (for the page's actions) and what the link holder may see. */
export async function findInvitationByToken(db: Db, token: string): Promise<{ id: string; preview: InvitationPreview } | null> {
  if (!looksLikeInvitationToken(token)) return null;
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashSecretToken(token) },
    include: { seller: { select: { name: true } } },
  });
  if (!invitation) return null;
  const acceptedBy =
    invitation.status === "accepted" && invitation.acceptedByUserId
      ? await db.user.findUnique({ where: { id: invitation.acceptedByUserId }, select: { name: true, email: true } })
      : null;
  return {
    id: invitation.id,
    preview: {
      seller_account: { name: invitation.seller.name },
      email: invitation.email,
      fields: invitation.fields,
      status: invitationState(invitation),
      expires_at: invitation.expiresAt.toISOString(),
      accepted_at: invitation.acceptedAt?.toISOString() ?? null,
      accepted_by: acceptedBy ? acceptedBy.name?.trim() || maskEmail(acceptedBy.email) : null,
      revoked_at: invitation.revokedAt?.toISOString() ?? null,
    },
  };
}
