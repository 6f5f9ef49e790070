import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { SOURCE_PARTIES } from "../sources/source-view.ts";
import { toFlowDetailView, type FlowDetailView } from "./flow-view.ts";

export const FLOW_PARTS = {
  sources: { include: SOURCE_PARTIES, orderBy: { id: "asc" } },
  steps: { include: { destination: { select: { name: true, integration: true } } }, orderBy: { position: "asc" } },
} as const;

/** One of the account's flows with its sources and recipient steps, or null. */
export async function getFlow(db: Db, accountId: string, flowId: string, publicUrl: string): Promise<FlowDetailView | null> {
  if (!isId(flowId)) return null;
  const flow = await db.flow.findFirst({ where: { id: flowId, accountId }, include: FLOW_PARTS });
  return flow ? toFlowDetailView(flow, publicUrl) : null;
}
