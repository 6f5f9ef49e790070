import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";

/** Makes a destination a recipient of every lead the flow accepts (idempotent). */
export async function addFlowStep(prisma: Db, flowId: string, destinationId: string) {
  const position = await prisma.flowStep.count({ where: { flowId } });
  return prisma.flowStep.upsert({
    where: { flowId_destinationId: { flowId, destinationId } },
    create: { id: newId(), flowId, destinationId, position },
    update: { enabled: true },
  });
}
