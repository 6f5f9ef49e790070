import { createMiddleware } from "hono/factory";
import { authenticateAccountKey } from "../core/accounts/authenticate-account-key.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import { recordFailure, TOO_MANY_FAILED_ATTEMPTS } from "../core/rate-limits/failed-authentication.ts";
import { errorResponse } from "./error-body.ts";
import { tooManyRequests } from "./rate-limit/request-limits.ts";

export type AccountEnv = { Variables: { accountId: string } };

/**
 * Management endpoints take an account API key as `Authorization: Bearer` or `X-API-Key`. The key
 * is checked first, so a correct key always works; a wrong one counts against the client
 * address, and past the limit the answer is 429 with Retry-After instead of 401.
 */
export function accountAuth(prisma: PrismaClient) {
  return createMiddleware<AccountEnv>(async (c, next) => {
    const key = bearerToken(c.req.header("authorization")) ?? c.req.header("x-api-key");
    if (!key) return errorResponse(c, 401, "unauthorized", "Missing account API key (Authorization: Bearer <key>)");
    const account = await authenticateAccountKey(prisma, key);
    if (!account) {
      const verdict = await recordFailure(c.get("authFailures"), { clientAddress: c.get("clientAddress") });
      if (verdict.limited) return tooManyRequests(c, verdict, "rate_limited", TOO_MANY_FAILED_ATTEMPTS);
      return errorResponse(c, 401, "unauthorized", "Invalid or revoked account API key");
    }
    c.set("accountId", account.accountId);
    await next();
  });
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
