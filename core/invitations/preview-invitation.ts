import { hashSecretToken } from "../crypto/secret-token.ts";
import type { Db } from "../db/prisma.ts";
import { invitationState, type InvitationState } from "./invitation-view.ts";
import { looksLikeInvitationToken } from "./invitation-token.ts";

/** What the holder of an invitation link may see before accepting it. */
export interface InvitationPreview {
  seller_account: { name: string };
  email: string;
  fields: string[];
  status: InvitationState;
  expires_at: string;
}

export async function previewInvitation(db: Db, token: string): Promise<InvitationPreview | null> {
  if (!looksLikeInvitationToken(token)) return null;
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashSecretToken(token) }, include: { seller: { select: { name: true } } } });
  if (!invitation) return null;
  return {
    seller_account: { name: invitation.seller.name },
    email: invitation.email,
    fields: invitation.fields,
    status: invitationState(invitation),
    expires_at: invitation.expiresAt.toISOString(),
  };
}
