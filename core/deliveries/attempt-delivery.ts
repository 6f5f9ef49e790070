import type { DeliveryCause, DeliveryResult, IntegrationContext } from "../integrations/integration.ts";
import { renderMappings } from "../mappings/render-mappings.ts";
import type { DeliveryDeps } from "./delivery-deps.ts";
import { deliveryCause } from "./delivery-cause.ts";
import { destinationConfig } from "./destination-config.ts";
import { deliveryResultFromException } from "./delivery-exception.ts";

import { maxDeliveryAttempts, retryDelayMs } from "./retry-schedule.ts";

/** Whose lead the attempt was for, from the delivery already loaded (listeners need no read). */
export interface AttemptLead {
  leadId: string;
  accountId: string;
  destinationId: string;
  isTest: boolean;
  /** A test lead whose account has a Slack conversation (where its result is posted); false for live leads. */
  hasSlackThread: boolean;
}

/**
 * What the queue adapter does next with the job, with the lead it was for and, when it did
 * not deliver, its typed cause (listeners decide from these, never from the reason text).
 */
export type AttemptOutcome =
  | { kind: "delivered"; lead: AttemptLead; recordId?: string; summary?: string; ms: number }
  | { kind: "retry"; lead: AttemptLead; reason: string; cause: DeliveryCause; delayMs: number }
  | { kind: "failed"; lead: AttemptLead; reason: string; cause: DeliveryCause }
  | { kind: "waiting"; lead: AttemptLead; reason: string; cause: DeliveryCause; recheckMs: number }
  | { kind: "skipped"; reason: string };

/**
 * Runs one delivery attempt of one lead to one destination and records it (event, delivery
 * row, lead status, destination health) before returning. The database, not the queue, counts
 * attempts, so a job re-enqueued by the sweeper never gets a fresh set of retries, and a
 * delivery already final is never sent again.
 */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string): Promise<AttemptOutcome> {
  const delivery = await deps.store.load(deliveryId);
  if (!delivery) return { kind: "skipped", reason: "Delivery no longer exists" };
  if (delivery.status === "delivered" || delivery.status === "failed") {
    return { kind: "skipped", reason: `Already ${delivery.status}` };
  }
  const { lead, destination } = delivery;
  const attempt = delivery.attempts + 1;
  const isLastAttempt = attempt >= maxDeliveryAttempts(deps.retrySchedule);
  const about: AttemptLead = { leadId: lead.id, accountId: lead.accountId, destinationId: destination.id, isTest: lead.isTest, hasSlackThread: lead.hasSlackThread };
  const base = { deliveryId, leadId: lead.id, accountId: lead.accountId, flowId: lead.flowId, destinationId: destination.id, isTest: lead.isTest, attempt };

  if (destination.health === "disabled") {
    await deps.store.record({ ...base, status: "failed", outcome: "failure", reason: "Destination disabled", attempt: delivery.attempts, snapshot: { cause: "destination_disabled" }, counted: false });
    return { kind: "failed", lead: about, reason: "Destination disabled", cause: "destination_disabled" };
  }
  if (destination.health === "unhealthy") {
    const reason = `Waiting: destination unhealthy (${destination.healthReason ?? "unknown"})`;
    if (delivery.status !== "waiting") {
      await deps.store.record({ ...base, status: "waiting", outcome: "skip", reason, attempt: delivery.attempts, snapshot: { cause: "destination_unhealthy" }, counted: false });
    }
    return { kind: "waiting", lead: about, reason, cause: "destination_unhealthy", recheckMs: deps.waitRecheckMs };
  }

  const { integration, settings, mappings } = destinationConfig(destination.integration, destination.settingsText, destination.mappingsText);
  let configProblem: string | undefined;
  let configCause: DeliveryCause = "configuration";
  if (!integration) configProblem = `Unknown integration ${destination.integration}`;
  else if (!settings?.success) configProblem = "Destination settings are invalid";
  else if (!mappings.success) {
    configProblem = "Field mappings are invalid";
    configCause = "mappings";
  }

  let result: DeliveryResult;
  const started = performance.now();
  if (configProblem || !integration || !settings?.success || !mappings.success) {
    result = { outcome: "error", reason: configProblem ?? "Destination misconfigured", fix: "Edit the destination", disposition: "stop", cause: configCause, snapshot: {} };
  } else {
    // Anything thrown from here on is about this delivery (a mapping, a value the code did not
    // expect) or a dependency that is briefly down: deliveryResultFromException tells them apart.
    try {
      const context: IntegrationContext = {
        destination: {
          id: destination.id,
          name: destination.name,
          action: destination.action,
          authMethod: destination.authMethod,
          settings: settings.data,
          mappings: mappings.data,
        },
        credentials: destination.credentials ? deps.secretBox.openJson<Record<string, string>>(destination.credentials) : {},
        endpoints: deps.endpoints,
        timeoutMs: deps.timeoutMs,
        saveCredentials: async (credentials) => {
          await deps.prisma.destination.update({ where: { id: destination.id }, data: { credentials: deps.secretBox.sealJson(credentials) } });
        },
      };
      const activeMappings = mappings.data.length ? mappings.data : integration.defaultMappings;
      const mapped = renderMappings(activeMappings, {
        lead: { ...lead.fields, id: lead.id, is_test: lead.isTest },
        raw: lead.raw,
      });
      result = await integration.deliver(context, { deliveryId, leadId: lead.id, isTest: lead.isTest, mapped, attempt });
    } catch (error) {
      result = deliveryResultFromException(error);
    }
  }
  const ms = Math.round(performance.now() - started);

  if (result.outcome === "success") {
    await deps.store.record({ ...base, status: "delivered", outcome: "success", reason: result.summary ?? null, ms, recordId: result.recordId ?? null, snapshot: result.snapshot, counted: true, failingStreak: "end" });
    return { kind: "delivered", lead: about, recordId: result.recordId, summary: result.summary, ms };
  }

  const { reason, disposition } = result;
  const cause = deliveryCause(result);
  const snapshot = { ...result.snapshot, cause };
  const failingFor = destination.failingSince ? Date.now() - destination.failingSince.getTime() : 0;
  if (disposition === "retry" && failingFor >= deps.unhealthyAfterMs) {
    const span = deps.unhealthyAfterMs >= 3_600_000 ? `${Math.round(deps.unhealthyAfterMs / 3_600_000)} h` : `${Math.max(1, Math.round(deps.unhealthyAfterMs / 60_000))} min`;
    const unhealthy = `Failing for ${span}: ${reason}`;
    await deps.store.record({ ...base, status: "waiting", outcome: result.outcome, reason, ms, snapshot, counted: true, failingStreak: "continue", destinationHealth: { health: "unhealthy", reason: unhealthy, fix: "Check the endpoint, then resume the destination", cause } });
    return { kind: "waiting", lead: about, reason: unhealthy, cause, recheckMs: deps.waitRecheckMs };
  }
  if (disposition === "retry" && !isLastAttempt) {
    const delayMs = retryDelayMs(attempt, deps.retrySchedule, result.retryAfterMs);
    await deps.store.record({ ...base, status: "retrying", outcome: result.outcome, reason, ms, snapshot, nextAttemptAt: new Date(Date.now() + delayMs), counted: true, failingStreak: "continue" });
    return { kind: "retry", lead: about, reason, cause, delayMs };
  }
  if (disposition === "auth") {
    await deps.store.record({ ...base, status: "waiting", outcome: result.outcome, reason, ms, snapshot, counted: true, destinationHealth: { health: "unhealthy", reason, fix: result.fix, cause } });
    return { kind: "waiting", lead: about, reason, cause, recheckMs: deps.waitRecheckMs };
  }
  const finalReason = disposition === "retry" ? `${reason} (gave up after ${attempt} attempts)` : reason;
  await deps.store.record({
    ...base,
    status: "failed",
    outcome: result.outcome,
    reason: finalReason,
    ms,
    snapshot,
    counted: true,
    destinationHealth: disposition === "disable" ? { health: "disabled", reason, fix: result.fix, cause } : undefined,
  });
  return { kind: "failed", lead: about, reason: finalReason, cause };
}
