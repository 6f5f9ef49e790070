import type { DeliveryLane } from "../intake/delivery-dispatcher.ts";
import type { DestinationDeps } from "./destination-deps.ts";

/** How a use case that makes a destination healthy again runs the deliveries that waited for it. */
export interface ResumeOptions {
  /** Default `bulk`; `interactive` when a person pressed Retry and watches the thread. */
  lane?: DeliveryLane;
  /**
   * Runs with the waiting deliveries' ids (only when there are some) before they run, so
   * whoever tells their outcome (a Slack thread) is in place before the first one finishes.
   */
  beforeResume?: (deliveryIds: string[]) => Promise<void>;
}

/**
 * Hands the deliveries that waited on a destination (while it was unhealthy or disabled) to the
 * dispatcher now instead of at their next check. Returns their ids.
 */
export async function resumeWaitingDeliveries(
  deps: DestinationDeps,
  destinationId: string,
  options: ResumeOptions = {},
): Promise<string[]> {
  const rows = await deps.prisma.delivery.findMany({ where: { destinationId, status: "waiting" }, select: { id: true } });
  const ids = rows.map((r) => r.id);
  if (!ids.length) return ids;
  await options.beforeResume?.(ids);
  await deps.dispatcher.resume(ids, { lane: options.lane ?? "bulk" });
  return ids;
}
