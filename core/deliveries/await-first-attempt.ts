import type { PrismaClient } from "../db/prisma.ts";
import { toEventView, type EventView } from "../events/event-view.ts";

/**
 * The first attempt's event of a delivery, or null if none within `timeoutMs` (for `?wait=` on
 * intake and for test leads). Polls the events table: it is where every worker records attempts.
 */
export async function awaitFirstAttempt(prisma: PrismaClient, deliveryId: string, timeoutMs: number): Promise<EventView | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const event = await prisma.event.findFirst({ where: { deliveryId, type: "recipient" }, orderBy: { id: "asc" } });
    if (event) return toEventView(event);
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
