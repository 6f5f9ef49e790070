import { secretTokenMatches } from "../crypto/secret-token.ts";
import { evaluateLeadRules } from "../flows/evaluate-lead-rules.ts";
import type { Logger } from "../logger.ts";
import { failuresExhausted, recordFailure, TOO_MANY_FAILED_ATTEMPTS } from "../rate-limits/failed-authentication.ts";
import type { RateLimiter } from "../rate-limits/rate-limiter.ts";
import type { SourceCaps } from "../caps/source-caps.ts";
import { applyCaps } from "./cap-gate.ts";
import type { DeliveryDispatcher } from "./delivery-dispatcher.ts";
import { leadFingerprints, type DuplicateIndex } from "./duplicate-check.ts";
import { UnstorableLeadError, type LeadBatchWriter } from "./lead-batch-writer.ts";
import { sanitiseSubmission } from "./sanitise-submission.ts";
import { prepareLead, storeLead } from "./store-lead.ts";
import type { SourceContextCache } from "./source-context.ts";

export interface SubmitLeadInput {
  flowId: string;
  sourceId: string;
  /** From `Authorization: Bearer` or `X-API-Key`; else the `apisecret` field is used. */
  postingKey: string | undefined;
  /** Submitted fields, flat dotted names, query merged over body (see flattenSubmission). */
  fields: Record<string, string>;
  /** Where the request came from: wrong keys are limited per address and per source. */
  clientAddress?: string | null;
}

/** `unstorable`: the database refuses this lead's own data (never a reason to retry). */
export type IntakeErrorCode = "not_found" | "unauthorized" | "unavailable" | "rate_limited" | "unstorable";

export type IntakeResult =
  | { outcome: "success"; leadId: string; deliveryIds: string[]; isTest: boolean }
  | { outcome: "failure"; leadId: string | null; reason: string }
  | { outcome: "error"; code: IntakeErrorCode; reason: string; retryAfterSeconds?: number };

export interface IntakeDeps {
  leads: Pick<LeadBatchWriter, "write">;
  duplicates: Pick<DuplicateIndex, "find">;
  sources: SourceContextCache;
  dispatcher: DeliveryDispatcher;
  logger: Logger;
  /** Failed authentications per client address and per source; absent: not limited. */
  authFailures?: RateLimiter | null;
  /** Volume caps of sources (core/caps/); absent: caps are not enforced. */
  caps?: SourceCaps | null;
}

/**
 * The lead intake service (LeadConduit's submit): authenticates the source, normalises the
 * lead, applies the flow's required fields and rules, and commits the lead, its deliveries and
 * its intake event in ONE statement before answering (storeLead). Only then is delivery dispatched.
 *
 * Characters PostgreSQL cannot store (NUL, lone surrogates) are replaced by U+FFFD first, here
 * and only here; the fields that carry a replacement are listed in `invalid` and in the intake
 * event's snapshot (`replaced_characters`), names that were not stored in `ignored`.
 */
export async function submitLead(deps: IntakeDeps, input: SubmitLeadInput): Promise<IntakeResult> {
  const started = performance.now();
  const sanitised = sanitiseSubmission(input.fields);
  const { apisecret, ...fields } = sanitised.fields;
  const postingKey = input.postingKey ?? apisecret;

  let context;
  try {
    context = await deps.sources.get(input.flowId, input.sourceId);
  } catch (error) {
    deps.logger.error({ err: error }, "intake: reading the flow failed");
    return { outcome: "error", code: "unavailable", reason: "Storage unavailable, retry later" };
  }
  if (!context) return { outcome: "error", code: "not_found", reason: "Unknown flow or source" };
  if (postingKey && !secretTokenMatches(postingKey, context.postingKeyHash)) {
    // Not the cached key: a freshly rotated one, or a wrong one. While this address or source is
    // over its failure limit, answer from the cache without reading the database again (the
    // cache is re-read within its TTL anyway, so a rotated key works within seconds even then).
    const attempt = { clientAddress: input.clientAddress ?? null, sourceId: context.sourceId };
    const exhausted = await failuresExhausted(deps.authFailures, attempt);
    if (exhausted.limited)
      return { outcome: "error", code: "rate_limited", reason: TOO_MANY_FAILED_ATTEMPTS, retryAfterSeconds: exhausted.retryAfterSeconds };
    try {
      context = (await deps.sources.refresh(input.flowId, input.sourceId)) ?? context;
    } catch (error) {
      deps.logger.error({ err: error }, "intake: reading the flow failed");
      return { outcome: "error", code: "unavailable", reason: "Storage unavailable, retry later" };
    }
  }
  if (!postingKey) return { outcome: "error", code: "unauthorized", reason: "Missing API key" };
  if (!secretTokenMatches(postingKey, context.postingKeyHash)) {
    const failure = await recordFailure(deps.authFailures, { clientAddress: input.clientAddress ?? null, sourceId: context.sourceId });
    if (failure.limited)
      return { outcome: "error", code: "rate_limited", reason: TOO_MANY_FAILED_ATTEMPTS, retryAfterSeconds: failure.retryAfterSeconds };
    return { outcome: "error", code: "unauthorized", reason: "Invalid API key" };
  }

  const prepared = prepareLead(fields, sanitised.replaced, context.fields);
  const { lead, invalid } = prepared;
  let rejection: string | null = null;
  if (context.connectionStatus === "ended") rejection = "Connection ended";
  else if (context.connectionStatus === "paused") rejection = "Connection paused";
  else if (!context.flowEnabled) rejection = "Flow disabled";
  else if (!context.sourceEnabled) rejection = "Source disabled";
  else {
    const verdict = evaluateLeadRules({ ...lead, invalid }, context.fields, context.rules);
    if (!verdict.accepted) rejection = verdict.reason;
  }
  // Test leads are never checked against, nor counted as, duplicates.
  const fingerprints = rejection || lead.isTest ? [] : leadFingerprints(context.rules, lead.fields);
  if (fingerprints.length) {
    try {
      rejection = (await deps.duplicates.find(context.flowId, fingerprints))?.reason ?? null;
    } catch (error) {
      deps.logger.error({ err: error, flowId: input.flowId }, "intake: the duplicate check failed");
      return { outcome: "error", code: "unavailable", reason: "Storage unavailable, retry later" };
    }
  }

  // Caps come last: a lead rejected for any other reason never takes a cap's room.
  const capped = await applyCaps(deps.caps, context, lead.isTest, rejection, deps.logger);
  if (capped === "unavailable") return { outcome: "error", code: "unavailable", reason: "Storage unavailable, retry later" };
  rejection = capped.rejection;

  let stored;
  try {
    stored = await storeLead(deps, {
      accountId: context.accountId,
      flowId: context.flowId,
      sourceId: context.sourceId,
      prepared,
      rejection,
      destinationIds: context.destinationIds,
      fingerprints,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    await capped.release();
    if (error instanceof UnstorableLeadError) {
      // The database's message may quote the value: log only its SQLSTATE.
      deps.logger.warn({ sqlState: error.sqlState, flowId: input.flowId }, "intake: the database refused a value of a lead");
      return { outcome: "error", code: "unstorable", reason: "Lead could not be stored: a value is not storable" };
    }
    deps.logger.error({ err: error, flowId: input.flowId }, "intake: storing the lead failed");
    return { outcome: "error", code: "unavailable", reason: "Storage unavailable, retry later" };
  }

  if (rejection) return { outcome: "failure", leadId: stored.leadId, reason: rejection };
  return { outcome: "success", leadId: stored.leadId, deliveryIds: stored.deliveryIds, isTest: lead.isTest };
}
