import type { Db } from "../db/prisma.ts";
import { pageQuery, toCursorPage, type CursorPage, type PageRequest } from "../paging/cursor-page.ts";
import { toFlowView, type FlowView } from "./flow-view.ts";

/** The account's flows, newest first. */
export async function listFlows(db: Db, accountId: string, page: PageRequest): Promise<CursorPage<FlowView>> {
  const query = pageQuery(page);
  const rows = await db.flow.findMany({ ...query, where: { ...query.where, accountId } });
  return toCursorPage(rows, page, toFlowView);
}
