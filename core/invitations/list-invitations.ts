import type { Db, Prisma } from "../db/prisma.ts";
import { pageQuery, toCursorPage, type CursorPage, type PageRequest } from "../paging/cursor-page.ts";
import { INVITATION_CONNECTION, toInvitationView, type InvitationState, type InvitationView } from "./invitation-view.ts";

/** The invitations the account sent, newest first, optionally in one state. */
export async function listInvitations(
  db: Db,
  sellerAccountId: string,
  state: InvitationState | undefined,
  page: PageRequest,
): Promise<CursorPage<InvitationView>> {
  const now = new Date();
  const byState: Record<InvitationState, Prisma.InvitationWhereInput> = {
    pending: { status: "pending", expiresAt: { gt: now } },
    expired: { status: "pending", expiresAt: { lte: now } },
    accepted: { status: "accepted" },
    revoked: { status: "revoked" },
  };
  const query = pageQuery(page);
  const rows = await db.invitation.findMany({
    ...query,
    where: { ...query.where, sellerAccountId, ...(state ? byState[state] : {}) },
    include: INVITATION_CONNECTION,
  });
  return toCursorPage(rows, page, toInvitationView);
}
