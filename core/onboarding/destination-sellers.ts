import type { Db } from "../db/prisma.ts";
import { submitUrl } from "../sources/create-source.ts";

/** The sellers whose leads reach a destination (through its flows), with where each posts. */
export async function destinationSellers(
  db: Db,
  destinationId: string,
  publicUrl: string,
): Promise<{ name: string; submitUrl: string | null }[]> {
  const steps = await db.flowStep.findMany({ where: { destinationId }, select: { flowId: true } });
  if (!steps.length) return [];
  const connections = await db.connection.findMany({
    where: { flowId: { in: steps.map((step) => step.flowId) }, status: { not: "ended" } },
    include: { seller: { select: { name: true } } },
    orderBy: { id: "asc" },
  });
  return connections.map((connection) => ({
    name: connection.seller.name,
    submitUrl: connection.flowId && connection.sourceId ? submitUrl(publicUrl, connection.flowId, connection.sourceId) : null,
  }));
}
