import type { PrismaClient } from "../db/prisma.ts";
import type { DeliveryDispatcher } from "../intake/delivery-dispatcher.ts";
import type { LeadBatchWriter } from "../intake/lead-batch-writer.ts";
import { storedFlowFields } from "../intake/source-context.ts";
import { prepareLead, storeLead } from "../intake/store-lead.ts";
import { sanitiseSubmission } from "../intake/sanitise-submission.ts";
import { notFound, Refusal } from "../refusal.ts";

/** The sample the guide's step 4 sends: clearly a test, complete enough for any CRM's required fields. */
export const SAMPLE_TEST_LEAD: Readonly<Record<string, string>> = {
  first_name: "Test",
  last_name: "Lead",
  email: "test.lead@example.com",
  phone_1: "512-555-0134",
  company: "Example Co",
  address_1: "100 Congress Ave",
  city: "Austin",
  state: "TX",
  postal_code: "78701",
  country: "US",
  comments: "Test lead sent by leadrelay",
};

export interface TestLeadDeps {
  prisma: PrismaClient;
  leads: Pick<LeadBatchWriter, "write">;
  dispatcher: DeliveryDispatcher;
}

/**
 * Sends an `is_test` lead to one destination through the real delivery path (stored lead,
 * delivery row, queue, worker, integration), on a flow the destination belongs to. Fields given
 * override the sample, in the interactive lane (never behind live traffic). Stored as intake
 * stores a lead (storeLead), typed by the flow's custom fields, marked as a destination test in
 * its intake event. Returns at once; `awaitFirstAttempt` (core/deliveries) waits for the result.
 */
export async function sendTestLead(
  deps: TestLeadDeps,
  accountId: string,
  destinationId: string,
  overrides: Record<string, string> = {},
): Promise<{ leadId: string; deliveryId: string }> {
  const destination = await deps.prisma.destination.findFirst({
    where: { id: destinationId, accountId },
    select: {
      id: true,
      steps: { select: { flow: { select: { id: true, fields: true, sources: { select: { id: true }, take: 1 } } } }, take: 1 },
    },
  });
  if (!destination) throw notFound("destination");
  const flow = destination.steps[0]?.flow;
  const sourceId = flow?.sources[0]?.id;
  if (!flow || !sourceId) {
    throw new Refusal("conflict", "not_attached", "Add this destination to a flow with a source before sending a test lead");
  }
  // Overrides come from a person (the API validates them; a Slack modal's values do not pass that edge).
  const overridden = sanitiseSubmission(overrides);
  const prepared = prepareLead(
    { ...SAMPLE_TEST_LEAD, ...overridden.fields, is_test: "true" },
    overridden.replaced,
    storedFlowFields(flow.fields),
  );
  const { leadId, deliveryIds } = await storeLead(deps, {
    accountId,
    flowId: flow.id,
    sourceId,
    prepared,
    rejection: null,
    destinationIds: [destinationId],
    fingerprints: [],
    ms: 0,
    origin: "destination test",
  });
  return { leadId, deliveryId: deliveryIds[0]! };
}
