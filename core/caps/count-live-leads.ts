import type { PrismaClient } from "../db/prisma.ts";
import type { CountLiveLeads } from "./source-caps.ts";

/**
 * What a cap counts, read from the leads table: the source's live (not test) leads that were
 * accepted in the window, whatever became of their delivery. Rejected leads never count.
 * Runs once per cap window (when its counter is created), on the leads (flow_id, created_at) index.
 */
export function countLiveLeadsFrom(prisma: PrismaClient): CountLiveLeads {
  return (source, window) =>
    prisma.lead.count({
      where: {
        flowId: source.flowId,
        sourceId: source.sourceId,
        isTest: false,
        status: { not: "rejected" },
        createdAt: { gte: window.start, lt: window.end },
      },
    });
}
