import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { notFound } from "../refusal.ts";
import { createSource } from "../sources/create-source.ts";
import { SOURCE_PARTIES, toSourceView, type SourceView } from "../sources/source-view.ts";

/**
 * Adds a source to one of the account's flows (e.g. the buyer's own web form); its posting key is
 * returned once. Sellers become sources by accepting-invitation connections instead.
 */
export async function addFlowSource(
  db: Db,
  accountId: string,
  flowId: string,
  name: string,
  publicUrl: string,
): Promise<{ source: SourceView; postingKey: string }> {
  const flow = isId(flowId) ? await db.flow.findFirst({ where: { id: flowId, accountId }, select: { id: true } }) : null;
  if (!flow) throw notFound("flow");
  const { source, postingKey } = await createSource(db, { flowId: flow.id, name });
  const withParties = await db.source.findUniqueOrThrow({ where: { id: source.id }, include: SOURCE_PARTIES });
  return { source: toSourceView(withParties, publicUrl), postingKey };
}
