import type { Db, Prisma } from "../db/prisma.ts";
import { newId } from "../ids.ts";

export interface NotificationEvent {
  accountId: string;
  outcome: "success" | "failure";
  /** Short and fixed so it aggregates: "Slack: is_archived", "Slack: test result posted". */
  reason: string;
  leadId?: string | null;
  deliveryId?: string | null;
  destinationId?: string | null;
  isTest?: boolean;
  /** Where it went (team, channel, subscription); never a token or lead data. */
  snapshot: Prisma.InputJsonObject;
}

/** A `notification` event: telling a buyer (in Slack) about a lead or a destination. */
export async function recordNotificationEvent(db: Db, event: NotificationEvent) {
  return db.event.create({
    data: {
      id: newId(),
      accountId: event.accountId,
      type: "notification",
      outcome: event.outcome,
      reason: event.reason,
      isTest: event.isTest ?? false,
      leadId: event.leadId ?? null,
      deliveryId: event.deliveryId ?? null,
      destinationId: event.destinationId ?? null,
      snapshot: event.snapshot,
    },
  });
}
