import { parseRetryAfter } from "../../deliveries/retry-schedule.ts";
import type { OutboundGuard } from "../../outbound/outbound-guard.ts";
import { exchangeSnapshot, httpExchange, type HttpExchangeRequest, type HttpExchangeResult } from "../http-exchange.ts";
import type { ExchangeSnapshot } from "../integration.ts";

/**
 * Salesforce OAuth 2.0 against a login host (`https://login.salesforce.com`, `https://test.salesforce.com`
 * or a My Domain): the authorization-code flow (with optional PKCE), the refresh-token grant and
 * the client-credentials grant. Pure functions over HTTP, no storage: callers persist the tokens.
 *
 * Token-endpoint traffic carries the client secret, codes and tokens in both directions, so its
 * snapshot keeps method, URL, status and allow-listed headers only, never a body; failures say
 * what went wrong in fixed words and never echo Salesforce's `error_description`.
 */
export interface SalesforceTokens {
  accessToken: string;
  /** Only from the authorization-code grant, or from a refresh when refresh-token rotation is on. */
  refreshToken?: string;
  instanceUrl: string;
}

/** `blocked`: the outbound guard refused the login host's address (a tenant-set My Domain URL). */
export type SalesforceTokenErrorCode = "invalid_grant" | "invalid_client" | "rejected" | "unavailable" | "blocked";

export interface SalesforceTokenError {
  code: SalesforceTokenErrorCode;
  /** Short and fixed, e.g. "Authentication failed: re-authorize Salesforce". */
  reason: string;
  fix?: string;
  /** True for timeouts, connection failures and 5xx: the same request may work later. */
  retryable: boolean;
  retryAfterMs?: number;
  snapshot: ExchangeSnapshot;
}

export type SalesforceTokenResult =
  { ok: true; tokens: SalesforceTokens; snapshot: ExchangeSnapshot } | { ok: false; error: SalesforceTokenError };

export type SalesforceGrant = "authorization_code" | "refresh_token" | "client_credentials";

interface TokenEndpoint {
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** Required when the login URL is tenant-chosen (a My Domain URL on the destination); omit for SALESFORCE_LOGIN_URL. */
  guard?: OutboundGuard;
}

export const SALESFORCE_REAUTHORIZE_REASON = "Authentication failed: re-authorize Salesforce";
export const SALESFORCE_BAD_CLIENT_REASON = "Authentication failed: check the connected app's client id and secret";

/** The URL to send the buyer's browser to; Salesforce redirects back to `redirectUri` with `code` and `state`. */
export function authorizationUrl(input: {
  loginUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  /** Space-separated scopes; omit to get the connected app's selected scopes. */
  scope?: string;
  /** PKCE: base64url(SHA-256(codeVerifier)); pass the verifier to `exchangeAuthorizationCode`. */
  codeChallenge?: string;
}): string {
  const url = new URL(`${trimSlash(input.loginUrl)}/services/oauth2/authorize`);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  if (input.scope) url.searchParams.set("scope", input.scope);
  if (input.codeChallenge) {
    url.searchParams.set("code_challenge", input.codeChallenge);
    url.searchParams.set("code_challenge_method", "S256");
  }
  return url.toString();
}

export function exchangeAuthorizationCode(
  input: TokenEndpoint & { code: string; redirectUri: string; codeVerifier?: string },
): Promise<SalesforceTokenResult> {
  return requestToken(input, "authorization_code", {
    code: input.code,
    redirect_uri: input.redirectUri,
    ...(input.codeVerifier ? { code_verifier: input.codeVerifier } : {}),
  });
}

export function refreshAccessToken(input: TokenEndpoint & { refreshToken: string }): Promise<SalesforceTokenResult> {
  return requestToken(input, "refresh_token", { refresh_token: input.refreshToken });
}

/** Needs the connected app's "Client Credentials Flow" with a run-as user, and a My Domain login URL. */
export function clientCredentialsToken(input: TokenEndpoint): Promise<SalesforceTokenResult> {
  return requestToken(input, "client_credentials", {});
}

async function requestToken(
  endpoint: TokenEndpoint,
  grant: SalesforceGrant,
  params: Record<string, string>,
): Promise<SalesforceTokenResult> {
  const exchange: HttpExchangeRequest = {
    method: "POST",
    url: `${trimSlash(endpoint.loginUrl)}/services/oauth2/token`,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({
      grant_type: grant,
      client_id: endpoint.clientId,
      client_secret: endpoint.clientSecret,
      ...params,
    }).toString(),
    timeoutMs: endpoint.timeoutMs,
    guard: endpoint.guard,
  };
  const result = await httpExchange(exchange);
  const snapshot = tokenSnapshot(exchange, result);

  if (result.kind === "blocked") {
    return failed({
      code: "blocked",
      reason: result.message,
      fix: "Use your org's public My Domain login URL",
      retryable: false,
      snapshot,
    });
  }
  if (result.kind !== "response") {
    return failed({ code: "unavailable", reason: result.kind === "timeout" ? "Timeout" : result.message, retryable: true, snapshot });
  }
  const body = isRecord(result.json) ? result.json : {};
  if (result.status >= 200 && result.status < 300) {
    const { access_token: accessToken, refresh_token: refreshToken, instance_url: instanceUrl } = body;
    if (typeof accessToken === "string" && accessToken && typeof instanceUrl === "string" && isHttpUrl(instanceUrl)) {
      return {
        ok: true,
        tokens: {
          accessToken,
          instanceUrl: trimSlash(instanceUrl),
          ...(typeof refreshToken === "string" && refreshToken ? { refreshToken } : {}),
        },
        snapshot,
      };
    }
    return failed({ code: "unavailable", reason: "Unexpected answer from the Salesforce token endpoint", retryable: true, snapshot });
  }
  if (result.status >= 500 || result.status === 429) {
    return failed({
      code: "unavailable",
      reason: result.status === 429 ? "Rate limited" : `Server error (HTTP ${result.status})`,
      retryable: true,
      retryAfterMs: parseRetryAfter(result.headers.get("retry-after")),
      snapshot,
    });
  }
  const code = typeof body.error === "string" ? body.error : undefined;
  if (code === "invalid_client" || code === "invalid_client_id" || code === "unauthorized_client" || (result.status === 401 && !code)) {
    return failed({
      code: "invalid_client",
      reason: SALESFORCE_BAD_CLIENT_REASON,
      fix: "Re-enter the connected app's consumer key and consumer secret",
      retryable: false,
      snapshot,
    });
  }
  if (code === "invalid_grant") {
    return failed(
      grant === "client_credentials"
        ? {
            code: "invalid_grant",
            reason: "Authentication failed: the connected app has no client credentials user",
            fix: "In Salesforce, enable the Client Credentials Flow on the connected app and choose a Run As user",
            retryable: false,
            snapshot,
          }
        : { code: "invalid_grant", reason: SALESFORCE_REAUTHORIZE_REASON, fix: "Connect Salesforce again", retryable: false, snapshot },
    );
  }
  return failed({
    code: "rejected",
    reason: `Authentication failed (${code && /^[a-z_]{1,50}$/.test(code) ? code : `HTTP ${result.status}`})`,
    retryable: false,
    snapshot,
  });
}

function failed(error: SalesforceTokenError): SalesforceTokenResult {
  return { ok: false, error };
}

/** Method, URL, status and allow-listed headers only: no request or response body. */
function tokenSnapshot(exchange: HttpExchangeRequest, result: HttpExchangeResult): ExchangeSnapshot {
  const snapshot = exchangeSnapshot({ ...exchange, body: undefined }, result);
  if (snapshot.request) delete snapshot.request.body;
  if (snapshot.response) delete snapshot.response.body;
  return snapshot;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function isHttpUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
