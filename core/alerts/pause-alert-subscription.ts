import type { PrismaClient } from "../db/prisma.ts";
import type { AudienceChanges } from "./audience-changes.ts";
import { recordNotificationEvent } from "./record-notification-event.ts";

/**
 * An alert that cannot be posted (channel archived or gone, bot removed, token revoked) pauses
 * its subscription instead of being retried forever, and says why in a `notification` event.
 * Subscribing the channel again resumes it. Returns false if it was already paused or deleted.
 */
export async function pauseAlertSubscription(
  prisma: PrismaClient,
  subscriptionId: string,
  reason: string,
  changes: AudienceChanges,
  about: { destinationId?: string | null } = {},
): Promise<boolean> {
  const accountId = await prisma.$transaction(async (tx) => {
    const { count } = await tx.alertSubscription.updateMany({
      where: { id: subscriptionId, status: "active" },
      data: { status: "paused", pausedReason: reason },
    });
    if (!count) return null;
    const subscription = await tx.alertSubscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    await recordNotificationEvent(tx, {
      accountId: subscription.accountId,
      outcome: "failure",
      reason,
      destinationId: about.destinationId ?? null,
      snapshot: {
        subscription_id: subscription.id,
        team_id: subscription.teamId,
        channel_id: subscription.channelId,
        subscription: "paused",
      },
    });
    return subscription.accountId;
  });
  if (accountId === null) return false;
  await changes.changed(accountId);
  return true;
}
