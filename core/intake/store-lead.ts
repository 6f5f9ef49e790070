import { newId } from "../ids.ts";
import { normaliseLead, type CustomFieldType, type NormalisedLead } from "../leads/normalise-lead.ts";
import type { DeliveryDispatcher } from "./delivery-dispatcher.ts";
import type { LeadBatchWriter } from "./lead-batch-writer.ts";
import type { SanitisedSubmission } from "./sanitise-submission.ts";

/** A submission made ready to check and store: normalised, with what the sanitiser replaced. */
export interface PreparedLead {
  /** The fields as submitted (sanitised, without the posting key): the snapshot's `received`. */
  submitted: Record<string, string>;
  lead: NormalisedLead;
  /** Stored fields whose name or value had characters replaced by U+FFFD. */
  replaced: string[];
  /** The lead's unparsable fields and the replaced ones: what lead rules and the stored row see. */
  invalid: string[];
}

/**
 * Normalises a sanitised submission for a flow. `submitted` is the sanitiser's fields minus any
 * that are not lead data (the posting key); a replaced name that is not stored is not listed.
 */
export function prepareLead(
  submitted: Record<string, string>,
  replacedBySanitiser: SanitisedSubmission["replaced"],
  customFields: readonly CustomFieldType[],
): PreparedLead {
  const lead = normaliseLead(submitted, customFields);
  const replaced = replacedBySanitiser.filter((name) => Object.hasOwn(submitted, name) && !lead.ignored.includes(name));
  return { submitted, lead, replaced, invalid: [...new Set([...lead.invalid, ...replaced])] };
}

export interface LeadToStore {
  accountId: string;
  flowId: string;
  sourceId: string;
  prepared: PreparedLead;
  /** Null when accepted; else the fixed rejection reason (nothing is delivered). */
  rejection: string | null;
  /** The destinations an accepted lead is delivered to, in flow order. */
  destinationIds: string[];
  /** For the flow's "is not a duplicate" rules; empty for test leads. */
  fingerprints: { field: string; valueHash: string }[];
  /** The intake event's duration. */
  ms: number;
  /** Said in the intake event of a lead no seller posted (a destination's test lead). */
  origin?: string;
}

export interface StoreLeadDeps {
  leads: Pick<LeadBatchWriter, "write">;
  dispatcher: DeliveryDispatcher;
}

/**
 * Stores a lead, its deliveries and its intake event in one statement (group-committed with
 * concurrent leads, core/intake/lead-batch-writer.ts), then hands an accepted lead's deliveries
 * to the dispatcher: a test lead's in the interactive lane, since a person waits for its result.
 * Intake and a destination's test lead both store through here, so their rows look alike.
 * Rejects as LeadBatchWriter.write does; nothing is dispatched then.
 */
export async function storeLead(deps: StoreLeadDeps, input: LeadToStore): Promise<{ leadId: string; deliveryIds: string[] }> {
  const { lead, submitted, replaced, invalid } = input.prepared;
  const accepted = input.rejection === null;
  const leadId = newId();
  const deliveryIds = accepted ? input.destinationIds.map(() => newId()) : [];
  await deps.leads.write({
    leadId,
    accountId: input.accountId,
    flowId: input.flowId,
    sourceId: input.sourceId,
    rejection: input.rejection,
    isTest: lead.isTest,
    fields: lead.fields,
    raw: lead.raw,
    invalid,
    deliveryIds,
    destinationIds: accepted ? input.destinationIds : [],
    fingerprints: accepted ? input.fingerprints : [],
    eventId: newId(),
    ms: input.ms,
    snapshot: {
      received: Object.keys(submitted),
      invalid,
      ...(replaced.length ? { replaced_characters: replaced } : {}),
      ...(lead.ignored.length ? { ignored: lead.ignored } : {}),
      ...(input.origin ? { test: input.origin } : {}),
    },
  });
  if (deliveryIds.length) deps.dispatcher.dispatch(deliveryIds, { lane: lead.isTest ? "interactive" : "bulk" });
  return { leadId, deliveryIds };
}
