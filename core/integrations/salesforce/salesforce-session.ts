import { DESTINATION_NOT_ALLOWED } from "../../outbound/outbound-guard.ts";
import type { ExchangeSnapshot, IntegrationContext } from "../integration.ts";
import { clientCredentialsToken, refreshAccessToken, type SalesforceTokenResult } from "./salesforce-oauth.ts";

/**
 * A usable Salesforce access token plus the org's instance URL, for either auth method:
 * - "oauth" (authorization code): credentials `refreshToken`, `instanceUrl`, `clientId`,
 *   `clientSecret`, and the cached `accessToken`; renewing uses the refresh-token grant;
 * - "client-credentials": `clientId`, `clientSecret`, optional `loginUrl` (the org's My Domain),
 *   and the cached `accessToken` / `instanceUrl`; renewing asks for a new client-credentials token.
 * A renewed token is persisted with `context.saveCredentials` (also a rotated refresh token).
 * A tenant-set `loginUrl` is reached through the outbound guard (the client secret never goes
 * to a refused address); SALESFORCE_LOGIN_URL is the operator's and trusted.
 */
export interface SalesforceSession {
  accessToken: string;
  instanceUrl: string;
  /** Taken from the stored credentials (may have expired), as opposed to issued just now. */
  cached: boolean;
}

export interface SalesforceSessionError {
  /** The input the buyer has to fix: a credential field name, or "destination" when Salesforce was unreachable. */
  field: string;
  reason: string;
  fix?: string;
  retryable: boolean;
  retryAfterMs?: number;
  snapshot: ExchangeSnapshot;
}

export type SalesforceSessionResult = { ok: true; session: SalesforceSession } | { ok: false; error: SalesforceSessionError };

type SessionContext = Pick<IntegrationContext, "destination" | "credentials" | "endpoints" | "timeoutMs" | "saveCredentials">;

export function usesClientCredentials(context: Pick<IntegrationContext, "destination">): boolean {
  return context.destination.authMethod === "client-credentials";
}

/** The cached token unless `renew` (or there is none); otherwise a new one, saved before returning. */
export async function openSalesforceSession(context: SessionContext, options: { renew: boolean }): Promise<SalesforceSessionResult> {
  const { credentials } = context;
  const clientCredentials = usesClientCredentials(context);
  const required = clientCredentials ? ["clientId", "clientSecret"] : ["refreshToken", "clientId", "clientSecret"];
  const missing = required.find((name) => !credentials[name]);
  if (missing) {
    return {
      ok: false,
      error: {
        field: missing,
        reason: clientCredentials ? "Salesforce credentials are incomplete" : "Salesforce is not connected",
        fix: clientCredentials ? "Enter the connected app's consumer key and consumer secret" : "Connect Salesforce",
        retryable: false,
        snapshot: {},
      },
    };
  }
  if (!options.renew && credentials.accessToken && credentials.instanceUrl) {
    return { ok: true, session: { accessToken: credentials.accessToken, instanceUrl: credentials.instanceUrl, cached: true } };
  }

  const tenantLoginUrl = clientCredentials ? credentials.loginUrl : undefined;
  const endpoint = {
    loginUrl: tenantLoginUrl || context.endpoints.salesforceLoginUrl,
    clientId: credentials.clientId!,
    clientSecret: credentials.clientSecret!,
    timeoutMs: context.timeoutMs,
    guard: tenantLoginUrl ? context.endpoints.outbound : undefined,
  };
  const answer: SalesforceTokenResult = clientCredentials
    ? await clientCredentialsToken(endpoint)
    : await refreshAccessToken({ ...endpoint, refreshToken: credentials.refreshToken! });
  if (!answer.ok) {
    const { code, reason, fix, retryable, retryAfterMs, snapshot } = answer.error;
    const field =
      code === "blocked"
        ? "loginUrl"
        : code === "unavailable"
          ? "destination"
          : code === "invalid_client"
            ? "clientSecret"
            : clientCredentials
              ? "clientId"
              : "refreshToken";
    return { ok: false, error: { field, reason, fix, retryable, retryAfterMs, snapshot } };
  }
  const { accessToken, instanceUrl, refreshToken } = answer.tokens;
  // The token response chose this host: refuse a literal private/loopback address at once (names are checked at connect).
  const instanceProblem = context.endpoints.outbound.urlProblem(instanceUrl);
  if (instanceProblem) {
    return {
      ok: false,
      error: {
        field: "instanceUrl",
        reason: instanceProblem === DESTINATION_NOT_ALLOWED ? instanceProblem : `The Salesforce instance URL ${instanceProblem}`,
        retryable: false,
        snapshot: answer.snapshot,
      },
    };
  }
  await context.saveCredentials({ ...credentials, accessToken, instanceUrl, ...(refreshToken ? { refreshToken } : {}) });
  return { ok: true, session: { accessToken, instanceUrl, cached: false } };
}
