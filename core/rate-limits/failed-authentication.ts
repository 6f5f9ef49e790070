import { NOT_LIMITED, type RateLimiter, type RateLimitVerdict } from "./rate-limiter.ts";

/**
 * Failed authentications (a wrong posting, account or identity key) are limited per client
 * address and, for posting keys, per source. Only a key that was presented and is wrong counts;
 * a correct key is checked before the limiter and never refused by it.
 */
export interface FailedAuthentication {
  /** The client's address (see server/rate-limit/client-address.ts); null when unknown. */
  clientAddress: string | null;
  /** The source a posting key was tried against. */
  sourceId?: string;
}

export const TOO_MANY_FAILED_ATTEMPTS = "Too many failed attempts, retry later";

function keys(attempt: FailedAuthentication): string[] {
  return [
    ...(attempt.clientAddress ? [`address:${attempt.clientAddress}`] : []),
    ...(attempt.sourceId ? [`source:${attempt.sourceId}`] : []),
  ];
}

/** Whether this address (or source) already used up its failures for the current window. */
export function failuresExhausted(limiter: RateLimiter | null | undefined, attempt: FailedAuthentication): Promise<RateLimitVerdict> {
  const k = keys(attempt);
  return limiter && k.length ? limiter.peek(k) : Promise.resolve(NOT_LIMITED);
}

/** Counts one failure; limited when this one went over the limit. */
export function recordFailure(limiter: RateLimiter | null | undefined, attempt: FailedAuthentication): Promise<RateLimitVerdict> {
  const k = keys(attempt);
  return limiter && k.length ? limiter.hit(k) : Promise.resolve(NOT_LIMITED);
}
