import { exchangeSnapshot, httpExchange, type HttpExchangeRequest, type HttpExchangeResult } from "../http-exchange.ts";
import type { ExchangeSnapshot, IntegrationContext } from "../integration.ts";
import { openSalesforceSession, type SalesforceSession, type SalesforceSessionError } from "./salesforce-session.ts";

/**
 * One Salesforce REST call on the org's instance. With the cached access token, a 401
 * (INVALID_SESSION_ID: expired or revoked session) renews the token ONCE, saves it, and resends
 * ONCE; a token issued just now is never renewed again. Snapshots are redacted by
 * `exchangeSnapshot` (the Authorization header never keeps its value). The instance URL comes
 * from a token response (a remote API chose it), so every call goes through the outbound guard.
 */
export interface SalesforceRestRequest {
  method: HttpExchangeRequest["method"];
  /** Path on the instance, e.g. `/services/data/v62.0/sobjects/Lead/describe`. */
  path: string;
  body?: Record<string, unknown>;
}

export type SalesforceCallResult =
  | { kind: "exchange"; result: HttpExchangeResult; snapshot: ExchangeSnapshot; session: SalesforceSession }
  | { kind: "session-failed"; error: SalesforceSessionError };

type CallContext = Pick<IntegrationContext, "destination" | "credentials" | "endpoints" | "timeoutMs" | "saveCredentials">;

export async function callSalesforce(
  context: CallContext,
  request: SalesforceRestRequest,
  session?: SalesforceSession,
): Promise<SalesforceCallResult> {
  let current = session;
  if (!current) {
    const opened = await openSalesforceSession(context, { renew: false });
    if (!opened.ok) return { kind: "session-failed", error: opened.error };
    current = opened.session;
  }
  let sent = await send(context, current, request);
  if (sent.result.kind === "response" && sent.result.status === 401 && current.cached) {
    const renewed = await openSalesforceSession(context, { renew: true });
    if (!renewed.ok) return { kind: "session-failed", error: renewed.error };
    current = renewed.session;
    sent = await send(context, current, request);
  }
  return { kind: "exchange", ...sent, session: current };
}

async function send(
  context: Pick<IntegrationContext, "timeoutMs" | "endpoints">,
  session: SalesforceSession,
  request: SalesforceRestRequest,
): Promise<{ result: HttpExchangeResult; snapshot: ExchangeSnapshot }> {
  const exchange: HttpExchangeRequest = {
    method: request.method,
    url: `${session.instanceUrl.replace(/\/+$/, "")}${request.path}`,
    headers: {
      authorization: `Bearer ${session.accessToken}`,
      accept: "application/json",
      "user-agent": "leadrelay-salesforce/1",
      ...(request.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    timeoutMs: context.timeoutMs,
    guard: context.endpoints.outbound,
  };
  const result = await httpExchange(exchange);
  return { result, snapshot: exchangeSnapshot(exchange, result, request.body) };
}
