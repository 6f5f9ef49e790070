import type { DeliveryResult, IntegrationContext } from "../integrations/integration.ts";
import { notSendingBecause } from "../destinations/destination-health.ts";
import { renderMappings } from "../mappings/render-mappings.ts";
import { decideDelivery, type AttemptVerdict, type DecidedOutcome } from "./decide-delivery.ts";
import type { DeliveryDeps } from "./delivery-deps.ts";
import { destinationConfig } from "./destination-config.ts";
import { deliveryResultFromException } from "./delivery-exception.ts";
import type { DeliveryToAttempt } from "./load-delivery.ts";

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
export type AttemptOutcome = (DecidedOutcome & { lead: AttemptLead }) | { kind: "skipped"; reason: string };

/**
 * Runs one delivery attempt of one lead to one destination and records it (event, delivery
 * row, lead status, destination health) before returning, in four steps as in Svix's worker:
 * load and prepare, send, decide (decide-delivery.ts, pure), record. The database, not the
 * queue, counts attempts, so a job re-enqueued by the sweeper never gets a fresh set of
 * retries, and a delivery already final is never sent again.
 */
export async function attemptDelivery(deps: DeliveryDeps, deliveryId: string): Promise<AttemptOutcome> {
  const delivery = await deps.store.load(deliveryId);
  if (!delivery) return { kind: "skipped", reason: "Delivery no longer exists" };
  if (delivery.status === "delivered" || delivery.status === "failed") {
    return { kind: "skipped", reason: `Already ${delivery.status}` };
  }
  const { lead, destination } = delivery;
  const attempt = delivery.attempts + 1;
  const verdict = await prepareAndSend(deps, delivery, attempt);
  const { record, outcome } = decideDelivery(verdict, { attempt, status: delivery.status, destination }, deps, {
    now: Date.now(),
    jitter: Math.random(),
  });
  const { accountId, isTest } = lead;
  if (record) {
    await deps.store.record({
      deliveryId,
      leadId: lead.id,
      accountId,
      flowId: lead.flowId,
      destinationId: destination.id,
      isTest,
      ...record,
    });
  }
  return { ...outcome, lead: { leadId: lead.id, accountId, destinationId: destination.id, isTest, hasSlackThread: lead.hasSlackThread } };
}

/**
 * Prepare and send: nothing goes out to a destination that is not healthy or whose stored
 * configuration no longer parses; otherwise the lead is rendered through its mappings and handed
 * to the integration, and how long that took is measured.
 */
async function prepareAndSend(deps: DeliveryDeps, delivery: DeliveryToAttempt, attempt: number): Promise<AttemptVerdict> {
  const { id: deliveryId, lead, destination } = delivery;
  const notSending = notSendingBecause(destination.health);
  if (notSending) return { kind: notSending };

  const { integration, settings, mappings } = destinationConfig(
    destination.integration,
    destination.settingsText,
    destination.mappingsText,
  );
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const misconfigured = (problem: string, cause: "configuration" | "mappings"): AttemptVerdict => ({
    kind: "misconfigured",
    problem,
    cause,
    ms: elapsed(),
  });
  if (!integration) return misconfigured(`Unknown integration ${destination.integration}`, "configuration");
  if (!settings?.success) return misconfigured("Destination settings are invalid", "configuration");
  if (!mappings.success) return misconfigured("Field mappings are invalid", "mappings");

  let result: DeliveryResult;
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
        await deps.prisma.destination.update({
          where: { id: destination.id },
          data: { credentials: deps.secretBox.sealJson(credentials) },
        });
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
  return { kind: "sent", result, ms: elapsed() };
}
