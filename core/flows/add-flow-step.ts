import type { Db } from "../db/prisma.ts";
import type { SourceContextChanges } from "../intake/source-context-changes.ts";
import { newId } from "../ids.ts";
import { notFound } from "../refusal.ts";

/** Makes a destination a recipient of every lead the flow accepts (idempotent). */
export async function addFlowStep(prisma: Db, flowId: string, destinationId: string) {
  const position = await prisma.flowStep.count({ where: { flowId } });
  return prisma.flowStep.upsert({
    where: { flowId_destinationId: { flowId, destinationId } },
    create: { id: newId(), flowId, destinationId, position },
    update: { enabled: true },
  });
}

/**
 * Attaches one of the account's destinations to one of its flows; both must be the account's.
 * The flow's next lead, in every process, goes there too (call it outside a transaction: the
 * change is announced when it returns).
 */
export async function attachDestination(db: Db, accountId: string, flowId: string, destinationId: string, changes: SourceContextChanges) {
  // One after the other: `db` may be a transaction, whose one connection runs one query at a time.
  const flow = await db.flow.findFirst({ where: { id: flowId, accountId }, select: { id: true } });
  const destination = await db.destination.findFirst({ where: { id: destinationId, accountId }, select: { id: true } });
  if (!flow) throw notFound("flow");
  if (!destination) throw notFound("destination");
  await addFlowStep(db, flowId, destinationId);
  await changes.changed([flowId]);
}

/** Stops sending a flow's new leads (from the next one, in every process) to a destination; deliveries already made are kept. */
export async function detachDestination(db: Db, accountId: string, flowId: string, destinationId: string, changes: SourceContextChanges) {
  const flow = await db.flow.findFirst({ where: { id: flowId, accountId }, select: { id: true } });
  if (!flow) throw notFound("flow");
  const { count } = await db.flowStep.deleteMany({ where: { flowId, destinationId } });
  if (!count) throw notFound("recipient step");
  await changes.changed([flowId]);
}
