import { NOT_LIMITED, type RateLimiter, type RateLimitVerdict } from "./rate-limiter.ts";

/**
 * Invitations are limited per account (RATE_LIMIT_INVITATIONS_PER_HOUR, default 100): each
 * invitation sent, or sent again, by the API or by `/leadrelay invite`, counts.
 */
export function countInvitation(limiter: RateLimiter | null | undefined, accountId: string): Promise<RateLimitVerdict> {
  return limiter ? limiter.hit([`account:${accountId}`]) : Promise.resolve(NOT_LIMITED);
}

export function invitationLimitMessage(limiter: RateLimiter, verdict: RateLimitVerdict): string {
  const minutes = Math.max(1, Math.ceil(verdict.retryAfterSeconds / 60));
  return `Your account sent ${limiter.limit} invitations within the hour, the limit: try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
}
