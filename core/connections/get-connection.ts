import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { CONNECTION_PARTIES, toConnectionView, type ConnectionView } from "./connection-view.ts";

/** A connection the account is the seller or the buyer of, or null. */
export async function getConnection(db: Db, accountId: string, connectionId: string, publicUrl: string): Promise<ConnectionView | null> {
  if (!isId(connectionId)) return null;
  const connection = await db.connection.findFirst({
    where: { id: connectionId, OR: [{ sellerAccountId: accountId }, { buyerAccountId: accountId }] },
    include: CONNECTION_PARTIES,
  });
  return connection ? toConnectionView(connection, accountId, publicUrl) : null;
}
