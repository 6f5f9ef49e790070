import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { RateLimiter, RateLimitVerdict } from "../../core/rate-limits/rate-limiter.ts";
import { errorResponse } from "../error-body.ts";
import { clientAddress } from "./client-address.ts";

/** The limits the HTTP app enforces (see README "Rate limits"). */
export interface RequestLimits {
  /** Failed authentications per client address and per source (RATE_LIMIT_AUTH_FAILURES_PER_MINUTE). */
  authFailures: RateLimiter;
  /** Invitations per account (RATE_LIMIT_INVITATIONS_PER_HOUR). */
  invitations: RateLimiter;
  /** Messages an invitation link's holder sets off ("Send it to me in Slack", emailed codes): 5 an hour per invitation. */
  invitationLinks?: RateLimiter;
  /** TRUST_PROXY: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
}

declare module "hono" {
  interface ContextVariableMap {
    /** Where the request came from, for rate limits (null when unknown). */
    clientAddress: string | null;
    /** The failed-authentication limiter; absent when the app runs without limits. */
    authFailures: RateLimiter | undefined;
  }
}

/** Puts the client address and the failed-authentication limiter on every request's context. */
export function requestLimitsContext(limits: RequestLimits | undefined) {
  return createMiddleware(async (c, next) => {
    c.set("clientAddress", clientAddress(c, limits?.trustProxy ?? false));
    c.set("authFailures", limits?.authFailures);
    await next();
  });
}

/** `Retry-After` in seconds on a 429. */
export function setRetryAfter(c: Context, verdict: RateLimitVerdict): void {
  c.header("Retry-After", String(Math.max(1, verdict.retryAfterSeconds)));
}

/** 429 with `Retry-After` and the management API's error body. */
export function tooManyRequests(c: Context, verdict: RateLimitVerdict, code: string, message: string): Response {
  setRetryAfter(c, verdict);
  return errorResponse(c, 429, code, message);
}
