import { createMiddleware } from "hono/factory";
import { secretTokenMatches, hashSecretToken } from "../core/crypto/secret-token.ts";
import { bearerToken } from "./account-auth.ts";
import { recordFailure, TOO_MANY_FAILED_ATTEMPTS } from "../core/rate-limits/failed-authentication.ts";
import { errorResponse } from "./error-body.ts";
import { tooManyRequests } from "./rate-limit/request-limits.ts";

/**
 * Guards endpoints where a trusted identity provider (a sign-in front end, a separately run Slack
 * bot) vouches for a person's verified email and name: `Authorization: Bearer <IDENTITY_API_KEY>`.
 * Without IDENTITY_API_KEY configured nobody may call them over HTTP (503); an in-process caller
 * such as the Slack bot uses core/invitations/accept-invitation.ts directly.
 */
export function identityAuth(identityApiKey: string | null) {
  const expectedHash = identityApiKey ? hashSecretToken(identityApiKey) : null;
  return createMiddleware(async (c, next) => {
    if (!expectedHash) {
      return errorResponse(
        c,
        503,
        "identity_provider_not_configured",
        "Accepting invitations over HTTP needs IDENTITY_API_KEY set on the server (the key of the trusted sign-in service)",
      );
    }
    const key = bearerToken(c.req.header("authorization"));
    if (!key) return errorResponse(c, 401, "unauthorized", "Missing identity provider key (Authorization: Bearer <IDENTITY_API_KEY>)");
    if (!secretTokenMatches(key, expectedHash)) {
      // A wrong key counts against the client address (a correct one is never limited).
      const verdict = await recordFailure(c.get("authFailures"), { clientAddress: c.get("clientAddress") });
      if (verdict.limited) return tooManyRequests(c, verdict, "rate_limited", TOO_MANY_FAILED_ATTEMPTS);
      return errorResponse(c, 401, "unauthorized", "Invalid identity provider key");
    }
    await next();
  });
}
