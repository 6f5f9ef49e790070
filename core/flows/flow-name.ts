import type { Db } from "../db/prisma.ts";

/** A flow's name, or null when it does not exist. */
export async function findFlowName(db: Db, flowId: string): Promise<string | null> {
  const flow = await db.flow.findUnique({ where: { id: flowId }, select: { name: true } });
  return flow?.name ?? null;
}
