import type { Db } from "../db/prisma.ts";
import { pageQuery, toCursorPage, type CursorPage, type PageRequest } from "../paging/cursor-page.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/** The account's API keys (revoked ones too, marked), newest first. */
export async function listApiKeys(db: Db, accountId: string, page: PageRequest): Promise<CursorPage<ApiKeyView>> {
  const query = pageQuery(page);
  const rows = await db.apiKey.findMany({ ...query, where: { ...query.where, accountId } });
  return toCursorPage(rows, page, toApiKeyView);
}
