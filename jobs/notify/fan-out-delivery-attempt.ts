import { alertAudience } from "../../core/alerts/alert-audience.ts";
import { latestHealthEvent, loadDeliveryNotice, type DeliveryNotice } from "../../core/alerts/load-delivery-notice.ts";
import type { DeliveryCause } from "../../core/integrations/integration.ts";
import type { NotifyJobData } from "../notify-queue.ts";
import type { NotifyDeps } from "./notify-deps.ts";

type AttemptJob = Extract<NotifyJobData, { type: "delivery-attempt" }>;

/**
 * Decides who hears about one recorded delivery attempt and queues one job per Slack message:
 *
 * - a test lead: every attempt's result goes to the onboarding thread (once per attempt event);
 *   test leads never reach alert channels;
 * - delivered / failed: counted into the destination's burst for that outcome (and failure
 *   reason); each subscribed channel gets (or has updated) one message per burst;
 *   `failures` channels skip successes;
 * - waiting / failed while the destination is unhealthy or disabled: its latest health change
 *   is told once to every subscribed channel, however many leads report it;
 * - a retry of a real lead: nothing (it is not a failure yet).
 */
export async function fanOutDeliveryAttempt(deps: NotifyDeps, data: AttemptJob): Promise<{ queued: number }> {
  // A delivered live lead (most attempts an `all` channel hears of): the job carries its ids, so
  // counting it into its burst costs Redis only; the notify path keeps up with delivery.
  if (data.outcome === "delivered" && data.delivered) {
    const { accountId, destinationId, leadId } = data.delivered;
    return {
      queued: await queueBurst(deps, { accountId, destinationId, leadId, deliveryId: data.deliveryId, reason: null }, "success", null),
    };
  }
  const notice = await loadDeliveryNotice(deps.prisma, data.deliveryId);
  if (!notice) return { queued: 0 };
  if (notice.isTest) return { queued: await queueTestResult(deps, notice) };
  let queued = 0;
  if (data.outcome === "delivered" || data.outcome === "failed") {
    const about = {
      accountId: notice.accountId,
      destinationId: notice.destination.id,
      leadId: notice.leadId,
      deliveryId: notice.deliveryId,
      reason: notice.reason,
    };
    queued += await queueBurst(deps, about, data.outcome === "delivered" ? "success" : "failure", data.cause ?? null);
  }
  if ((data.outcome === "waiting" || data.outcome === "failed") && notice.destination.health !== "healthy")
    queued += await queueHealthAlert(deps, notice);
  return { queued };
}

async function queueTestResult(deps: NotifyDeps, notice: DeliveryNotice): Promise<number> {
  const event = notice.attemptEvent;
  if (!event) return 0;
  const key = `test-${event.id}`;
  if (!(await deps.once.claim(key))) return 0;
  try {
    await deps.queue.add("test-result", { type: "test-result", eventId: event.id, deliveryId: notice.deliveryId }, { jobId: key });
  } catch (error) {
    await deps.once.release(key);
    throw error;
  }
  return 1;
}

interface BurstLead {
  accountId: string;
  destinationId: string;
  leadId: string;
  deliveryId: string;
  reason: string | null;
}

async function queueBurst(deps: NotifyDeps, notice: BurstLead, kind: "failure" | "success", cause: DeliveryCause | null): Promise<number> {
  const audience = deps.audience
    ? await deps.audience.subscriptions(notice.accountId, kind)
    : await alertAudience(deps.prisma, notice.accountId, kind);
  if (!audience.length) return 0;
  const burst = await deps.bursts.record({
    kind,
    accountId: notice.accountId,
    destinationId: notice.destinationId,
    reason: kind === "failure" ? (notice.reason ?? "Unknown reason") : null,
    cause: kind === "failure" ? cause : null,
    deliveryId: notice.deliveryId,
    leadId: notice.leadId,
  });
  if (!burst.count) return 0;
  await Promise.all(
    audience.map((subscription) =>
      deps.queue.add(
        "burst",
        { type: "burst", burstId: burst.burstId, subscriptionId: subscription.id },
        {
          // One job per (burst, channel) at a time: later leads while it waits are already in the
          // count it will post; one arriving while it runs queues exactly one follow-up update.
          deduplication: { id: `burst-${burst.burstId}-${subscription.id}`, keepLastIfActive: true },
          delay: burst.opened ? 0 : deps.updateDelayMs,
        },
      ),
    ),
  );
  return audience.length;
}

async function queueHealthAlert(deps: NotifyDeps, notice: DeliveryNotice): Promise<number> {
  const event = await latestHealthEvent(deps.prisma, notice.destination.id);
  if (!event) return 0;
  const key = `health-${event.id}`;
  if (!(await deps.once.claim(key))) return 0;
  try {
    const audience = await alertAudience(deps.prisma, event.accountId, "health");
    await Promise.all(
      audience.map((subscription) =>
        deps.queue.add(
          "destination-health",
          { type: "destination-health", eventId: event.id, subscriptionId: subscription.id },
          { jobId: `${key}-${subscription.id}` },
        ),
      ),
    );
    return audience.length;
  } catch (error) {
    await deps.once.release(key);
    throw error;
  }
}
