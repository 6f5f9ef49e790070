import type { Db, Prisma } from "../db/prisma.ts";
import { pageQuery, toCursorPage, type CursorPage, type PageRequest } from "../paging/cursor-page.ts";
import { CONNECTION_PARTIES, toConnectionView, type ConnectionView } from "./connection-view.ts";

export interface ConnectionFilter {
  /** Only connections where the account is the seller, or the buyer. */
  role?: "seller" | "buyer";
  status?: "active" | "paused" | "ended";
}

/** The account's connections (as seller and as buyer), newest first. */
export async function listConnections(
  db: Db,
  accountId: string,
  filter: ConnectionFilter,
  page: PageRequest,
  publicUrl: string,
): Promise<CursorPage<ConnectionView>> {
  const query = pageQuery(page);
  const side: Prisma.ConnectionWhereInput =
    filter.role === "seller"
      ? { sellerAccountId: accountId }
      : filter.role === "buyer"
        ? { buyerAccountId: accountId }
        : { OR: [{ sellerAccountId: accountId }, { buyerAccountId: accountId }] };
  const rows = await db.connection.findMany({
    ...query,
    where: { ...query.where, ...side, status: filter.status },
    include: CONNECTION_PARTIES,
  });
  return toCursorPage(rows, page, (row) => toConnectionView(row, accountId, publicUrl));
}
