import type { Db } from "../db/prisma.ts";

/** An invitation with the name of the seller who sent it (what every Slack message about it shows), or null. */
export function findInvitationWithSeller(db: Db, invitationId: string) {
  return db.invitation.findUnique({ where: { id: invitationId }, include: { seller: { select: { name: true } } } });
}

export type InvitationWithSeller = NonNullable<Awaited<ReturnType<typeof findInvitationWithSeller>>>;
