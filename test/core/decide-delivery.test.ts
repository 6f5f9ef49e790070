import { describe, expect, it } from "vitest";
import { decideDelivery, type AttemptVerdict, type DeliveryFacts, type DeliveryPolicy } from "../../core/deliveries/decide-delivery.ts";
import {
  AWAITING_AUTHORIZATION,
  failingStreakAfter,
  healthColumnsOnSave,
  saveEndsWaiting,
  healthyAgainColumns,
  notSendingBecause,
  unhealthyAfterFailing,
  type DestinationHealthFacts,
} from "../../core/destinations/destination-health.ts";
import type { DeliveryResult } from "../../core/integrations/integration.ts";

// Pure: no database, no Redis, no clock. The integration tests (test/deliveries, test/destinations)
// check that attemptDelivery records what these decisions say.

const HOUR = 3_600_000;
const NOW = Date.parse("2026-01-10T12:00:00Z");
/** Mid-window jitter: the scheduled delay exactly. */
const moment = { now: NOW, jitter: 0.5 };
const policy: DeliveryPolicy = { retrySchedule: [5, 30, 120], waitRecheckMs: 60_000, unhealthyAfterMs: 24 * HOUR };
const healthy: DestinationHealthFacts = { health: "healthy", healthReason: null, failingSince: null };

function facts(overrides: Partial<DeliveryFacts> = {}): DeliveryFacts {
  return { attempt: 1, status: "pending", destination: healthy, ...overrides };
}

function sent(result: DeliveryResult, ms = 42): AttemptVerdict {
  return { kind: "sent", result, ms };
}

const serverError: DeliveryResult = {
  outcome: "failure",
  reason: "Server error (HTTP 503)",
  disposition: "retry",
  snapshot: { response: { status: 503 } },
};

describe("decideDelivery", () => {
  it("records a success, ends the failing streak and reports it delivered", () => {
    const decision = decideDelivery(
      sent({ outcome: "success", recordId: "rec-1", summary: "Contact created", snapshot: {} }),
      facts({ attempt: 2, status: "retrying", destination: { ...healthy, failingSince: new Date(NOW - 60_000) } }),
      policy,
      moment,
    );
    expect(decision).toEqual({
      record: {
        attempt: 2,
        status: "delivered",
        outcome: "success",
        reason: "Contact created",
        ms: 42,
        recordId: "rec-1",
        snapshot: {},
        counted: true,
        failingStreak: "end",
      },
      outcome: { kind: "delivered", recordId: "rec-1", summary: "Contact created", ms: 42 },
    });
  });

  it("records a success without summary or record id as null reason and record id", () => {
    const { record } = decideDelivery(sent({ outcome: "success", snapshot: {} }), facts(), policy, moment);
    expect(record).toMatchObject({ reason: null, recordId: null });
  });

  it("retries a retryable failure on the schedule, continues the streak, and names its cause", () => {
    const decision = decideDelivery(sent(serverError), facts({ attempt: 2 }), policy, moment);
    expect(decision).toEqual({
      record: {
        attempt: 2,
        status: "retrying",
        outcome: "failure",
        reason: "Server error (HTTP 503)",
        ms: 42,
        snapshot: { response: { status: 503 }, cause: "destination_error" },
        counted: true,
        nextAttemptAt: new Date(NOW + 30_000),
        failingStreak: "continue",
      },
      outcome: { kind: "retry", reason: "Server error (HTTP 503)", cause: "destination_error", delayMs: 30_000 },
    });
  });

  it("applies the jitter it is given", () => {
    const early = decideDelivery(sent(serverError), facts(), policy, { now: NOW, jitter: 0 });
    const late = decideDelivery(sent(serverError), facts(), policy, { now: NOW, jitter: 1 });
    expect(early.outcome).toMatchObject({ kind: "retry", delayMs: 4_000 });
    expect(late.outcome).toMatchObject({ kind: "retry", delayMs: 6_000 });
  });

  it("waits at least the destination's Retry-After", () => {
    const limited: DeliveryResult = {
      ...serverError,
      reason: "Rate limited",
      retryAfterMs: 90_000,
      snapshot: { response: { status: 429 } },
    };
    const decision = decideDelivery(sent(limited), facts(), policy, moment);
    expect(decision.outcome).toEqual({ kind: "retry", reason: "Rate limited", cause: "rate_limited", delayMs: 90_000 });
    expect(decision.record?.nextAttemptAt).toEqual(new Date(NOW + 90_000));
  });

  it("gives up after the last scheduled attempt with the last reason, leaving the streak and health alone", () => {
    const decision = decideDelivery(sent(serverError), facts({ attempt: 4, status: "retrying" }), policy, moment);
    const reason = "Server error (HTTP 503) (gave up after 4 attempts)";
    expect(decision.outcome).toEqual({ kind: "failed", reason, cause: "destination_error" });
    expect(decision.record).toMatchObject({ attempt: 4, status: "failed", outcome: "failure", reason, counted: true });
    expect(decision.record?.failingStreak).toBeUndefined();
    expect(decision.record?.destinationHealth).toBeUndefined();
    expect(decision.record?.nextAttemptAt).toBeUndefined();
  });

  it("makes a destination failing for unhealthyAfterMs unhealthy, and the delivery waits (even on its last attempt)", () => {
    const destination = { ...healthy, failingSince: new Date(NOW - 24 * HOUR) };
    for (const attempt of [2, 4]) {
      const decision = decideDelivery(sent(serverError), facts({ attempt, destination }), policy, moment);
      const reason = "Failing for 24 h: Server error (HTTP 503)";
      expect(decision.outcome).toEqual({ kind: "waiting", reason, cause: "destination_error", recheckMs: 60_000 });
      expect(decision.record).toEqual({
        attempt,
        status: "waiting",
        outcome: "failure",
        reason: "Server error (HTTP 503)",
        ms: 42,
        snapshot: { response: { status: 503 }, cause: "destination_error" },
        counted: true,
        failingStreak: "continue",
        destinationHealth: {
          health: "unhealthy",
          reason,
          fix: "Check the endpoint, then resume the destination",
          cause: "destination_error",
        },
      });
    }
  });

  it("keeps retrying while the destination has been failing for less than unhealthyAfterMs", () => {
    const destination = { ...healthy, failingSince: new Date(NOW - 24 * HOUR + 1) };
    expect(decideDelivery(sent(serverError), facts({ destination }), policy, moment).outcome.kind).toBe("retry");
  });

  it("states the failing span in hours, or in whole minutes (at least one) under an hour", () => {
    const reasonAfter = (unhealthyAfterMs: number) =>
      unhealthyAfterFailing(
        { ...healthy, failingSince: new Date(NOW - unhealthyAfterMs) },
        { reason: "Timeout", cause: "network" },
        unhealthyAfterMs,
        NOW,
      )?.reason;
    expect(reasonAfter(HOUR)).toBe("Failing for 1 h: Timeout");
    expect(reasonAfter(2 * HOUR)).toBe("Failing for 2 h: Timeout");
    expect(reasonAfter(60_000)).toBe("Failing for 1 min: Timeout");
    expect(reasonAfter(45 * 60_000)).toBe("Failing for 45 min: Timeout");
    expect(reasonAfter(360)).toBe("Failing for 1 min: Timeout");
    expect(unhealthyAfterFailing(healthy, { reason: "Timeout", cause: "network" }, HOUR, NOW)).toBeUndefined();
  });

  it("makes the destination unhealthy with the integration's fix when credentials are refused, and the delivery waits", () => {
    const refused: DeliveryResult = {
      outcome: "failure",
      reason: "Authentication failed: token expired",
      fix: "Re-enter your access token",
      disposition: "auth",
      snapshot: { response: { status: 401 } },
    };
    const decision = decideDelivery(sent(refused), facts(), policy, moment);
    expect(decision.outcome).toEqual({
      kind: "waiting",
      reason: "Authentication failed: token expired",
      cause: "credentials",
      recheckMs: 60_000,
    });
    expect(decision.record).toMatchObject({
      attempt: 1,
      status: "waiting",
      counted: true,
      destinationHealth: {
        health: "unhealthy",
        reason: "Authentication failed: token expired",
        fix: "Re-enter your access token",
        cause: "credentials",
      },
    });
    expect(decision.record?.failingStreak).toBeUndefined();
  });

  it("disables the destination when it asks us to stop, and fails the delivery", () => {
    const gone: DeliveryResult = {
      outcome: "failure",
      reason: "Endpoint gone (HTTP 410)",
      fix: "Re-enable the endpoint",
      disposition: "disable",
      snapshot: {},
    };
    const decision = decideDelivery(sent(gone), facts(), policy, moment);
    expect(decision.outcome).toEqual({ kind: "failed", reason: "Endpoint gone (HTTP 410)", cause: "destination_disabled" });
    expect(decision.record).toMatchObject({
      status: "failed",
      counted: true,
      destinationHealth: {
        health: "disabled",
        reason: "Endpoint gone (HTTP 410)",
        fix: "Re-enable the endpoint",
        cause: "destination_disabled",
      },
    });
  });

  it("fails a permanent failure at once, leaving the destination's health and streak alone", () => {
    const rejected: DeliveryResult = {
      outcome: "failure",
      reason: "Missing required field: Company",
      disposition: "stop",
      snapshot: { response: { status: 422 } },
    };
    const decision = decideDelivery(sent(rejected), facts(), policy, moment);
    expect(decision.outcome).toEqual({ kind: "failed", reason: "Missing required field: Company", cause: "destination_error" });
    expect(decision.record).toMatchObject({
      status: "failed",
      snapshot: { response: { status: 422 }, cause: "destination_error" },
      counted: true,
    });
    expect(decision.record?.destinationHealth).toBeUndefined();
    expect(decision.record?.failingStreak).toBeUndefined();
  });

  it("fails a delivery to a disabled destination without counting an attempt", () => {
    const decision = decideDelivery({ kind: "destination_disabled" }, facts({ attempt: 3, status: "retrying" }), policy, moment);
    expect(decision).toEqual({
      record: {
        attempt: 2,
        status: "failed",
        outcome: "failure",
        reason: "Destination disabled",
        snapshot: { cause: "destination_disabled" },
        counted: false,
      },
      outcome: { kind: "failed", reason: "Destination disabled", cause: "destination_disabled" },
    });
  });

  it("parks a delivery behind an unhealthy destination once, without counting an attempt; one already waiting is not recorded again", () => {
    const destination: DestinationHealthFacts = { health: "unhealthy", healthReason: "Failing for 24 h: Timeout", failingSince: null };
    const reason = "Waiting: destination unhealthy (Failing for 24 h: Timeout)";
    const first = decideDelivery({ kind: "destination_unhealthy" }, facts({ attempt: 2, status: "retrying", destination }), policy, moment);
    expect(first).toEqual({
      record: { attempt: 1, status: "waiting", outcome: "skip", reason, snapshot: { cause: "destination_unhealthy" }, counted: false },
      outcome: { kind: "waiting", reason, cause: "destination_unhealthy", recheckMs: 60_000 },
    });
    const again = decideDelivery({ kind: "destination_unhealthy" }, facts({ attempt: 2, status: "waiting", destination }), policy, moment);
    expect(again).toEqual({ record: undefined, outcome: first.outcome });
    const unexplained = decideDelivery(
      { kind: "destination_unhealthy" },
      facts({ destination: { ...destination, healthReason: null } }),
      policy,
      moment,
    );
    expect(unexplained.outcome).toMatchObject({ reason: "Waiting: destination unhealthy (unknown)" });
  });

  it("fails a misconfigured destination's delivery with its cause: configuration or mappings", () => {
    for (const cause of ["configuration", "mappings"] as const) {
      const problem = cause === "mappings" ? "Field mappings are invalid" : "Destination settings are invalid";
      const decision = decideDelivery({ kind: "misconfigured", problem, cause, ms: 0 }, facts(), policy, moment);
      expect(decision).toEqual({
        record: {
          attempt: 1,
          status: "failed",
          outcome: "error",
          reason: problem,
          ms: 0,
          snapshot: { cause },
          counted: true,
          destinationHealth: undefined,
        },
        outcome: { kind: "failed", reason: problem, cause },
      });
    }
  });
});

describe("destination health", () => {
  it("sends only to a healthy destination", () => {
    expect(notSendingBecause("healthy")).toBeUndefined();
    expect(notSendingBecause("unhealthy")).toBe("destination_unhealthy");
    expect(notSendingBecause("disabled")).toBe("destination_disabled");
  });

  it("ends the failing streak on a delivery and continues it on a retryable failure", () => {
    expect(failingStreakAfter("delivered")).toBe("end");
    expect(failingStreakAfter("retryable_failure")).toBe("continue");
  });

  it("is healthy again, streak over, after a resume or a verified save", () => {
    const healthyAgain = { health: "healthy", healthReason: null, unhealthySince: null, failingSince: null };
    expect(healthyAgainColumns()).toEqual(healthyAgain);
    expect(healthColumnsOnSave(false, new Date(NOW))).toEqual(healthyAgain);
  });

  it("awaits authorization when saved without its OAuth tokens, keeping when it first became unhealthy", () => {
    const since = new Date(NOW - HOUR);
    expect(healthColumnsOnSave(true, since)).toEqual({
      health: "unhealthy",
      healthReason: AWAITING_AUTHORIZATION,
      unhealthySince: since,
      failingSince: null,
    });
    const fresh = healthColumnsOnSave(true, null);
    expect(fresh).toMatchObject({ health: "unhealthy", healthReason: AWAITING_AUTHORIZATION, failingSince: null });
    expect(fresh.unhealthySince).toBeInstanceOf(Date);
  });

  it("lets waiting deliveries run after a save only when the save made an unhealthy or disabled destination healthy", () => {
    expect(saveEndsWaiting("unhealthy", false)).toBe(true);
    expect(saveEndsWaiting("disabled", false)).toBe(true);
    expect(saveEndsWaiting("healthy", false)).toBe(false);
    expect(saveEndsWaiting("unhealthy", true)).toBe(false);
  });
});
