/**
 * A counter of events per key within a time window, shared by every process (Redis in
 * production, see server/rate-limit/). Implementations fail open: when the store is unreachable
 * nothing is limited, so a limiter can never make a correct request fail.
 */
export interface RateLimitVerdict {
  limited: boolean;
  /** When limited: whole seconds until the window that refused it ends (≥ 1). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** The most events a key may have in one window. */
  readonly limit: number;
  /** Counts one event on every key; limited when any key now has more than `limit`. */
  hit(keys: readonly string[]): Promise<RateLimitVerdict>;
  /** Reads without counting; limited when any key already has `limit` events. */
  peek(keys: readonly string[]): Promise<RateLimitVerdict>;
}

export const NOT_LIMITED: RateLimitVerdict = { limited: false, retryAfterSeconds: 0 };
