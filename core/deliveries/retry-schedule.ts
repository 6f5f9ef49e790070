/**
 * When a failed delivery attempt is tried again. `schedule[i]` is the delay in seconds after
 * attempt i+1 fails (default: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h), with ±20 % jitter so
 * a burst of failures does not come back as a burst. A destination's Retry-After wins when longer.
 */
export function maxDeliveryAttempts(schedule: number[]): number {
  return schedule.length + 1;
}

export function retryDelayMs(failedAttempt: number, schedule: number[], retryAfterMs?: number, random: () => number = Math.random): number {
  const base = (schedule[Math.min(failedAttempt, schedule.length) - 1] ?? schedule.at(-1) ?? 0) * 1000;
  const jittered = Math.round(base * (0.8 + 0.4 * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
