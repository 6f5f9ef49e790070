import { Agent, request as undiciRequest } from "undici";
import { DESTINATION_NOT_ALLOWED, type OutboundGuard } from "../outbound/outbound-guard.ts";
import type { ExchangeSnapshot } from "./integration.ts";

/**
 * One HTTP request to a destination with a hard timeout, returning either the response or a
 * classified transport failure, plus a snapshot that is safe to store in an event: only
 * allow-listed headers keep their values, bodies are truncated.
 */
export interface HttpExchangeRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /**
   * REQUIRED whenever a tenant or a remote API chose the host (webhook URL, Salesforce My Domain
   * login URL, `instance_url`): the request then connects only to addresses the guard allows.
   * Leave it out only for operator-configured bases (HUBSPOT_API_URL, SALESFORCE_LOGIN_URL).
   */
  guard?: OutboundGuard;
}

export type HttpExchangeResult =
  | { kind: "response"; status: number; headers: Headers; text: string; json: unknown; ms: number }
  | { kind: "timeout" | "network"; message: string; ms: number }
  /** Refused by the outbound guard before anything was sent: permanent, never retried. */
  | { kind: "blocked"; message: string; ms: number };

const SNAPSHOT_BODY_LIMIT = 4096;
const VISIBLE_REQUEST_HEADERS = new Set(["content-type", "accept", "user-agent", "webhook-id", "webhook-timestamp"]);
const VISIBLE_RESPONSE_HEADERS = /^(content-type|retry-after|location|x-hubspot-ratelimit-.*|sforce-limit-info)$/i;

/**
 * One keep-alive connection pool per destination origin, shared by every delivery: undici's
 * request API rather than fetch, which costs several times more CPU per call. This agent is for
 * operator-configured bases only; tenant-chosen hosts use the guard's dispatcher (same pooling).
 */
const trustedAgent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });

export async function httpExchange(request: HttpExchangeRequest): Promise<HttpExchangeResult> {
  const started = performance.now();
  const { guard } = request;
  if (guard) {
    const problem = guard.urlProblem(request.url);
    if (problem)
      return { kind: "blocked", message: problem === DESTINATION_NOT_ALLOWED ? problem : `URL ${problem}`, ms: elapsed(started) };
  }
  try {
    const response = await undiciRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs),
      dispatcher: guard ? guard.dispatcher : trustedAgent,
    });
    const text = await response.body.text();
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    let json: unknown;
    if (text && (/json/i.test(headers.get("content-type") ?? "") || /^\s*[[{]/.test(text))) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { kind: "response", status: response.statusCode, headers, text, json, ms: elapsed(started) };
  } catch (error) {
    const err = error as Error & { code?: string; cause?: { code?: string } };
    if (err.code === "ERR_DESTINATION_NOT_ALLOWED" || err.cause?.code === "ERR_DESTINATION_NOT_ALLOWED") {
      return { kind: "blocked", message: DESTINATION_NOT_ALLOWED, ms: elapsed(started) };
    }
    if (err.name === "TimeoutError" || err.name === "AbortError" || err.code === "UND_ERR_ABORTED") {
      return { kind: "timeout", message: `No response within ${request.timeoutMs} ms`, ms: elapsed(started) };
    }
    const code = err.code ?? err.cause?.code;
    return { kind: "network", message: code ? `Connection failed (${code})` : "Connection failed", ms: elapsed(started) };
  }
}

export function exchangeSnapshot(
  request: HttpExchangeRequest,
  result: HttpExchangeResult,
  requestBodyForSnapshot?: unknown,
): ExchangeSnapshot {
  const snapshot: ExchangeSnapshot = {
    request: {
      method: request.method,
      url: redactUrl(request.url),
      headers: redactHeaders(request.headers ?? {}),
      body: requestBodyForSnapshot ?? truncate(request.body),
    },
  };
  if (result.kind === "response") {
    const headers: Record<string, string> = {};
    result.headers.forEach((value, name) => {
      if (VISIBLE_RESPONSE_HEADERS.test(name)) headers[name] = value;
    });
    snapshot.response = { status: result.status, headers, body: result.json ?? truncate(result.text) };
  } else {
    snapshot.error = result.message;
  }
  return snapshot;
}

function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, VISIBLE_REQUEST_HEADERS.has(name.toLowerCase()) ? value : "[redacted]"]),
  );
}

/** Query strings can carry keys (`?api_key=`); keep their names, drop their values. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    for (const key of [...parsed.searchParams.keys()]) parsed.searchParams.set(key, "[redacted]");
    return parsed.toString();
  } catch {
    return "[invalid url]";
  }
}

function truncate(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > SNAPSHOT_BODY_LIMIT ? `${text.slice(0, SNAPSHOT_BODY_LIMIT)}… (${text.length} bytes)` : text;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
