import { createMiddleware } from "hono/factory";
import { authenticateAccountKey } from "../core/accounts/authenticate-account-key.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import { errorResponse } from "./error-body.ts";

export type AccountEnv = { Variables: { accountId: string } };

/** Management endpoints take an account API key as `Authorization: Bearer` or `X-API-Key`. */
export function accountAuth(prisma: PrismaClient) {
  return createMiddleware<AccountEnv>(async (c, next) => {
    const key = bearerToken(c.req.header("authorization")) ?? c.req.header("x-api-key");
    const account = key ? await authenticateAccountKey(prisma, key) : null;
    if (!account) {
      return errorResponse(c, 401, "unauthorized", key ? "Invalid or revoked account API key" : "Missing account API key (Authorization: Bearer <key>)");
    }
    c.set("accountId", account.accountId);
    await next();
  });
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}
