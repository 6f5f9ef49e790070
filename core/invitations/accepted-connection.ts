import type { Db } from "../db/prisma.ts";

/**
 * The connection an accepted invitation made, as shown to someone who accepts it again: its
 * seller, the buyer's account, and the user who accepted it (null if unknown); null if it is gone.
 */
export async function findAcceptedConnection(db: Db, connectionId: string) {
  const connection = await db.connection.findUnique({
    where: { id: connectionId },
    include: { seller: { select: { name: true } }, buyer: { select: { id: true, name: true, plan: true } } },
  });
  if (!connection) return null;
  const invitation = await db.invitation.findFirst({ where: { connection: { id: connectionId } }, select: { acceptedByUserId: true } });
  return { ...connection, acceptedByUserId: invitation?.acceptedByUserId ?? null };
}
