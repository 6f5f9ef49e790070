import type { DeliveryCause } from "../integrations/integration.ts";

/**
 * A destination's health, and every way it changes. This module is the one place that defines
 * the transitions; the writers apply what it returns:
 *
 * - healthy → failing streak: a retryable failure starts the streak (`failing_since`), later
 *   ones continue it, a success ends it (`failingStreakAfter`). Permanent failures leave it alone.
 * - failing for `unhealthyAfterMs` → unhealthy, deliveries wait (`unhealthyAfterFailing`).
 * - credentials refused → unhealthy with the integration's fix (`unhealthyForCredentials`).
 * - the destination told us to stop (webhook 410) → disabled (`disabledByDestination`).
 * - saved without the OAuth tokens it needs → unhealthy, awaiting authorization; saved and
 *   verified, or resumed by a person → healthy, streak over (`healthColumnsOnSave`,
 *   `healthyAgainColumns`: core/destinations/save-destination.ts writes them).
 *
 * Delivery attempts apply their transitions in their batch statement
 * (core/deliveries/record-delivery-attempts.ts), which adds the rules that need the stored row:
 * a health change is written (with its `destination` event) only when the health differs, it
 * keeps the first `unhealthy_since`, and it takes the place of the streak update.
 */
export type DestinationHealth = "healthy" | "unhealthy" | "disabled";

/** What a delivery reads of its destination's health before deciding. */
export interface DestinationHealthFacts {
  health: DestinationHealth;
  healthReason: string | null;
  /** When the current run of retryable failures began; null when the last attempt succeeded. */
  failingSince: Date | null;
}

/** A health change recorded with a delivery attempt, announced by a `destination` event. */
export interface HealthChange {
  health: "unhealthy" | "disabled";
  reason: string;
  fix?: string;
  cause?: DeliveryCause;
}

/** What an attempt does to the failing streak: start it when none is running, or continue it; or end it. */
export type FailingStreak = "continue" | "end";

/** The health reason of a destination that waits for the buyer to connect their account (the Slack bot recognises it). */
export const AWAITING_AUTHORIZATION = "Waiting for authorization: connect the account to finish";

/** Why deliveries to a destination are not sent at all; undefined when they are. */
export function notSendingBecause(health: DestinationHealth): "destination_disabled" | "destination_unhealthy" | undefined {
  if (health === "disabled") return "destination_disabled";
  if (health === "unhealthy") return "destination_unhealthy";
  return undefined;
}

/** A delivered attempt ends the failing streak; a failure that will be retried starts or continues it. */
export function failingStreakAfter(attempt: "delivered" | "retryable_failure"): FailingStreak {
  return attempt === "delivered" ? "end" : "continue";
}

/**
 * A retryable failure of a destination that has been failing for `unhealthyAfterMs` or longer
 * makes it unhealthy: retrying each lead on its own schedule would only hammer an endpoint that
 * is down, so deliveries wait until a person resumes it. Undefined while the streak is shorter.
 */
export function unhealthyAfterFailing(
  destination: DestinationHealthFacts,
  failure: { reason: string; cause: DeliveryCause },
  unhealthyAfterMs: number,
  now: number,
): HealthChange | undefined {
  const failingFor = destination.failingSince ? now - destination.failingSince.getTime() : 0;
  if (failingFor < unhealthyAfterMs) return undefined;
  return {
    health: "unhealthy",
    reason: `Failing for ${failingSpan(unhealthyAfterMs)}: ${failure.reason}`,
    fix: "Check the endpoint, then resume the destination",
    cause: failure.cause,
  };
}

/** "1 h", "2 h"; under an hour in whole minutes, at least "1 min". */
function failingSpan(ms: number): string {
  return ms >= 3_600_000 ? `${Math.round(ms / 3_600_000)} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;
}

/** Credentials the destination refused: unhealthy until the buyer fixes them (nothing is sent meanwhile). */
export function unhealthyForCredentials(failure: { reason: string; fix?: string; cause: DeliveryCause }): HealthChange {
  return { health: "unhealthy", reason: failure.reason, fix: failure.fix, cause: failure.cause };
}

/** The destination asked us to stop sending: disabled, its later leads fail without being sent. */
export function disabledByDestination(failure: { reason: string; fix?: string; cause: DeliveryCause }): HealthChange {
  return { health: "disabled", reason: failure.reason, fix: failure.fix, cause: failure.cause };
}

/** The health columns of a destination row. */
export interface HealthColumns {
  health: DestinationHealth;
  healthReason: string | null;
  unhealthySince: Date | null;
  failingSince: Date | null;
}

/** Healthy, with no streak: after a person resumes the destination, or saves a configuration that verifies. */
export function healthyAgainColumns(): HealthColumns {
  return { health: "healthy", healthReason: null, unhealthySince: null, failingSince: null };
}

/**
 * The health columns written when a destination's configuration is saved (created or edited):
 * still awaiting the OAuth tokens it needs, it is unhealthy (since it first became unhealthy, if
 * it already was), else healthy again. Either way the failing streak starts over, since the
 * failures were about the configuration that was just replaced.
 */
export function healthColumnsOnSave(awaitingAuthorization: boolean, unhealthySince: Date | null): HealthColumns {
  if (!awaitingAuthorization) return healthyAgainColumns();
  return { health: "unhealthy", healthReason: AWAITING_AUTHORIZATION, unhealthySince: unhealthySince ?? new Date(), failingSince: null };
}

/**
 * Whether saving a destination's configuration lets the deliveries that waited for it run now:
 * only when it was not healthy and the save made it healthy (not when it still awaits the OAuth
 * tokens it needs).
 */
export function saveEndsWaiting(healthBefore: DestinationHealth, awaitingAuthorization: boolean): boolean {
  return healthBefore !== "healthy" && !awaitingAuthorization;
}
