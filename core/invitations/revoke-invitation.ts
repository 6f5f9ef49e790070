import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { notFound, Refusal } from "../refusal.ts";
import { INVITATION_CONNECTION, toInvitationView, type InvitationView } from "./invitation-view.ts";

/**
 * Revokes a pending (or expired) invitation the account sent; its link stops working at once.
 * Idempotent. An accepted invitation cannot be revoked: end its connection instead. The single
 * conditional UPDATE waits for an accept holding the row, so one of the two wins cleanly.
 */
export async function revokeInvitation(db: Db, sellerAccountId: string, invitationId: string): Promise<InvitationView> {
  if (!isId(invitationId)) throw notFound("invitation");
  await db.invitation.updateMany({
    where: { id: invitationId, sellerAccountId, status: "pending" },
    data: { status: "revoked", revokedAt: new Date(), tokenSealed: null },
  });
  const invitation = await db.invitation.findFirst({ where: { id: invitationId, sellerAccountId }, include: INVITATION_CONNECTION });
  if (!invitation) throw notFound("invitation");
  if (invitation.status === "accepted") {
    throw new Refusal("conflict", "invitation_used", "This invitation was already accepted: end its connection instead", {
      connection_id: invitation.connection?.id ?? null,
    });
  }
  return toInvitationView(invitation);
}
