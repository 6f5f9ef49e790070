import type { Db } from "../db/prisma.ts";
import { pageQuery, toCursorPage, type CursorPage, type PageRequest } from "../paging/cursor-page.ts";
import { toMemberView, type MemberView } from "./member-view.ts";

/** The account's members, newest first, with their status (pending and requested ones grant nothing yet). */
export async function listMembers(db: Db, accountId: string, page: PageRequest): Promise<CursorPage<MemberView>> {
  const query = pageQuery(page);
  const rows = await db.membership.findMany({ ...query, where: { ...query.where, accountId }, include: { user: true } });
  return toCursorPage(rows, page, toMemberView);
}
