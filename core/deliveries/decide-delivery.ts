import {
  disabledByDestination,
  failingStreakAfter,
  unhealthyAfterFailing,
  unhealthyForCredentials,
  type DestinationHealthFacts,
} from "../destinations/destination-health.ts";
import type { DeliveryCause, DeliveryResult } from "../integrations/integration.ts";
import { deliveryCause } from "./delivery-cause.ts";
import type { DeliveryAttemptRecord } from "./record-delivery-attempts.ts";
import { maxDeliveryAttempts, retryDelayMs } from "./retry-schedule.ts";

/** The delivery settings a decision follows (DeliveryDeps carries them for the worker). */
export interface DeliveryPolicy {
  /** Seconds between attempts; attempts = schedule.length + 1. */
  retrySchedule: number[];
  /** How long a delivery to an unhealthy destination waits before it checks again. */
  waitRecheckMs: number;
  /** A destination whose retryable failures have gone on this long is marked unhealthy. */
  unhealthyAfterMs: number;
}

/** What happened to the attempt before it is judged: not sent (the destination's health or configuration), or sent. */
export type AttemptVerdict =
  | { kind: "destination_disabled" }
  | { kind: "destination_unhealthy" }
  | { kind: "misconfigured"; problem: string; cause: "configuration" | "mappings"; ms: number }
  | { kind: "sent"; result: DeliveryResult; ms: number };

/** The delivery as the decision sees it. */
export interface DeliveryFacts {
  /** This attempt's number, 1 for the first (attempts already counted + 1). */
  attempt: number;
  /** Its status before this attempt: one already waiting for an unhealthy destination is not recorded again. */
  status: "pending" | "retrying" | "waiting";
  destination: DestinationHealthFacts;
}

/** The moment of the decision: the clock, and where in the ±20 % jitter window a retry falls ([0, 1)). */
export interface DecisionMoment {
  now: number;
  jitter: number;
}

/** What the queue adapter does next with the job (attemptDelivery adds whose lead it was). */
export type DecidedOutcome =
  | { kind: "delivered"; recordId?: string; summary?: string; ms: number }
  | { kind: "retry"; reason: string; cause: DeliveryCause; delayMs: number }
  | { kind: "failed"; reason: string; cause: DeliveryCause }
  | { kind: "waiting"; reason: string; cause: DeliveryCause; recheckMs: number };

/** The attempt's part of the record; attemptDelivery adds which delivery, lead and destination it is about. */
export type DecidedRecord = Omit<DeliveryAttemptRecord, "deliveryId" | "leadId" | "accountId" | "flowId" | "destinationId" | "isTest">;

export interface DeliveryDecision {
  /** What to record; undefined when nothing changes (a delivery already waiting, checking again). */
  record: DecidedRecord | undefined;
  outcome: DecidedOutcome;
}

/**
 * Decides what an attempt means, from what happened to it, the delivery's attempt count, its
 * destination's health, the policy and the moment: the record to write (delivery status, event,
 * failing streak, health change, next attempt) and what the queue does next. Pure: no clock,
 * no randomness, no I/O of its own, so every branch is tested in milliseconds
 * (test/core/decide-delivery.test.ts). Health transitions come from destination-health.ts.
 */
export function decideDelivery(
  verdict: AttemptVerdict,
  delivery: DeliveryFacts,
  policy: DeliveryPolicy,
  moment: DecisionMoment,
): DeliveryDecision {
  const { attempt } = delivery;
  // Nothing was sent: the attempt is recorded with the count it already had.
  if (verdict.kind === "destination_disabled") {
    const reason = "Destination disabled";
    const cause = "destination_disabled";
    return {
      record: { attempt: attempt - 1, status: "failed", outcome: "failure", reason, snapshot: { cause }, counted: false },
      outcome: { kind: "failed", reason, cause },
    };
  }
  if (verdict.kind === "destination_unhealthy") {
    const reason = `Waiting: destination unhealthy (${delivery.destination.healthReason ?? "unknown"})`;
    const cause = "destination_unhealthy";
    const record: DecidedRecord = { attempt: attempt - 1, status: "waiting", outcome: "skip", reason, snapshot: { cause }, counted: false };
    return {
      record: delivery.status === "waiting" ? undefined : record,
      outcome: { kind: "waiting", reason, cause, recheckMs: policy.waitRecheckMs },
    };
  }

  const result: DeliveryResult =
    verdict.kind === "misconfigured"
      ? { outcome: "error", reason: verdict.problem, fix: "Edit the destination", disposition: "stop", cause: verdict.cause, snapshot: {} }
      : verdict.result;
  const { ms } = verdict;
  if (result.outcome === "success") {
    return {
      record: {
        attempt,
        status: "delivered",
        outcome: "success",
        reason: result.summary ?? null,
        ms,
        recordId: result.recordId ?? null,
        snapshot: result.snapshot,
        counted: true,
        failingStreak: failingStreakAfter("delivered"),
      },
      outcome: { kind: "delivered", recordId: result.recordId, summary: result.summary, ms },
    };
  }

  const { reason, disposition } = result;
  const cause = deliveryCause(result);
  const failed = { attempt, outcome: result.outcome, reason, ms, snapshot: { ...result.snapshot, cause }, counted: true };
  if (disposition === "retry") {
    const unhealthy = unhealthyAfterFailing(delivery.destination, { reason, cause }, policy.unhealthyAfterMs, moment.now);
    if (unhealthy) {
      return {
        record: { ...failed, status: "waiting", failingStreak: failingStreakAfter("retryable_failure"), destinationHealth: unhealthy },
        outcome: { kind: "waiting", reason: unhealthy.reason, cause, recheckMs: policy.waitRecheckMs },
      };
    }
    if (attempt < maxDeliveryAttempts(policy.retrySchedule)) {
      const delayMs = retryDelayMs(attempt, policy.retrySchedule, result.retryAfterMs, () => moment.jitter);
      return {
        record: {
          ...failed,
          status: "retrying",
          nextAttemptAt: new Date(moment.now + delayMs),
          failingStreak: failingStreakAfter("retryable_failure"),
        },
        outcome: { kind: "retry", reason, cause, delayMs },
      };
    }
    const gaveUp = `${reason} (gave up after ${attempt} attempts)`;
    return { record: { ...failed, status: "failed", reason: gaveUp }, outcome: { kind: "failed", reason: gaveUp, cause } };
  }
  if (disposition === "auth") {
    return {
      record: { ...failed, status: "waiting", destinationHealth: unhealthyForCredentials({ reason, fix: result.fix, cause }) },
      outcome: { kind: "waiting", reason, cause, recheckMs: policy.waitRecheckMs },
    };
  }
  const disabled = disposition === "disable" ? disabledByDestination({ reason, fix: result.fix, cause }) : undefined;
  return { record: { ...failed, status: "failed", destinationHealth: disabled }, outcome: { kind: "failed", reason, cause } };
}
