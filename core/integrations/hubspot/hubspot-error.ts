import { parseRetryAfter } from "../../deliveries/retry-schedule.ts";
import type { HttpExchangeResult } from "../http-exchange.ts";
import type { DeliveryResult } from "../integration.ts";

/**
 * Turns a HubSpot error answer into a delivery verdict. HubSpot's error body is
 * `{status:"error", message, correlationId, category, errors?}` (429s carry `errorType` instead of
 * `category`). The verdict is keyed on the status and the category / errorType; the message is
 * only read for the per-property JSON array HubSpot embeds in VALIDATION_ERROR messages and for
 * nothing else. Reasons hold no lead data and no credentials.
 */
export type HubSpotProblem = Omit<Extract<DeliveryResult, { outcome: "failure" | "error" }>, "snapshot" | "recordId">;

export interface HubSpotErrorBody {
  category?: unknown;
  errorType?: unknown;
  message?: unknown;
  errors?: unknown;
}

/** One entry of the array embedded in a VALIDATION_ERROR message. */
export interface HubSpotPropertyError {
  error: string;
  name: string;
}

const TOKEN_FIX = "Re-enter your HubSpot private app access token";
/** Order in which property errors are reported when HubSpot lists several: mapping mistakes first. */
const PROPERTY_ERROR_PRIORITY = ["PROPERTY_DOESNT_EXIST", "READ_ONLY_VALUE", "INVALID_OPTION", "INVALID_EMAIL"];

/** A timeout or connection failure: always worth another try (HubSpot is an operator-set base, never refused by the outbound guard). */
export function hubspotTransportProblem(result: Exclude<HttpExchangeResult, { kind: "response" }>): HubSpotProblem {
  if (result.kind === "blocked") return { outcome: "failure", reason: result.message, disposition: "stop" };
  return { outcome: "error", reason: result.kind === "timeout" ? "Timeout" : result.message, disposition: "retry" };
}

/**
 * @param requiredScope the scope to name when a 403 MISSING_SCOPES body does not say which
 *   (e.g. `crm.objects.contacts.write` for the upsert, `crm.lists.write` for list memberships).
 */
export function hubspotErrorProblem(
  status: number,
  headers: Headers,
  json: unknown,
  requiredScope = "crm.objects.contacts.write",
): HubSpotProblem {
  const body: HubSpotErrorBody = isRecord(json) ? json : {};
  const category = typeof body.category === "string" ? body.category : undefined;
  const errorType = typeof body.errorType === "string" ? body.errorType : undefined;

  if (status === 401) {
    if (category === "EXPIRED_AUTHENTICATION") {
      return { outcome: "error", reason: "Authentication failed: token expired", fix: TOKEN_FIX, disposition: "auth" };
    }
    return { outcome: "error", reason: "Invalid API Key", fix: TOKEN_FIX, disposition: "auth" };
  }
  if (status === 403) {
    if (category === "MISSING_SCOPES") {
      const scope = missingScope(body.errors) ?? requiredScope;
      return {
        outcome: "error",
        reason: `Missing HubSpot scope ${scope}`,
        fix: `Add the ${scope} scope to your HubSpot private app, then re-enter its access token`,
        disposition: "auth",
      };
    }
    return { outcome: "error", reason: "Access denied by HubSpot (HTTP 403)", fix: TOKEN_FIX, disposition: "auth" };
  }
  if (status === 429 || errorType === "RATE_LIMIT") {
    return {
      outcome: "error",
      reason: "Rate limited",
      cause: "rate_limited",
      disposition: "retry",
      retryAfterMs: rateLimitWaitMs(headers),
    };
  }
  if (status >= 500 || status === 408) {
    return {
      outcome: "error",
      reason: status === 408 ? "Timeout" : `Server error (HTTP ${status})`,
      disposition: "retry",
      retryAfterMs: parseRetryAfter(headers.get("retry-after")),
    };
  }
  if (status === 400 && category === "VALIDATION_ERROR") {
    const propertyError = pickPropertyError(typeof body.message === "string" ? embeddedPropertyErrors(body.message) : []);
    if (propertyError) return propertyProblem(propertyError);
    return { outcome: "failure", reason: "Rejected by HubSpot: validation error", disposition: "stop" };
  }
  return {
    outcome: "failure",
    reason: `Rejected by HubSpot (HTTP ${status}${category && isCode(category) ? ` ${category}` : ""})`,
    disposition: "stop",
  };
}

/**
 * HubSpot reports bad property values as `Property values were not valid: [{...,"error":"…","name":"…"}]`.
 * Returns the entries of that embedded array (empty when there is none).
 */
export function embeddedPropertyErrors(message: string): HubSpotPropertyError[] {
  const start = message.indexOf("[");
  const end = message.lastIndexOf("]");
  if (start < 0 || end <= start) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((entry: unknown) =>
    isRecord(entry) && typeof entry.error === "string" && typeof entry.name === "string" ? [{ error: entry.error, name: entry.name }] : [],
  );
}

function pickPropertyError(errors: HubSpotPropertyError[]): HubSpotPropertyError | undefined {
  const rank = (e: HubSpotPropertyError): number => {
    const index = PROPERTY_ERROR_PRIORITY.indexOf(e.error);
    return index < 0 ? PROPERTY_ERROR_PRIORITY.length : index;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b))[0];
}

function propertyProblem({ error, name: rawName }: HubSpotPropertyError): HubSpotProblem {
  // Property names come from the buyer's mapping; keep only plausible internal names in reasons.
  const name = /^[A-Za-z0-9_.-]{1,100}$/.test(rawName) ? rawName : "a property";
  switch (error) {
    case "PROPERTY_DOESNT_EXIST":
      return {
        outcome: "failure",
        cause: "mappings",
        reason: `Field mapping error: HubSpot has no property ${name}`,
        fix: `Edit field mappings: remove or rename ${name}`,
        disposition: "stop",
      };
    case "READ_ONLY_VALUE":
      return {
        outcome: "failure",
        cause: "mappings",
        reason: `Field mapping error: HubSpot property ${name} is read-only`,
        fix: `Edit field mappings: remove ${name}`,
        disposition: "stop",
      };
    case "INVALID_OPTION":
      return {
        outcome: "failure",
        cause: "mappings",
        reason: `Field mapping error: invalid option for ${name}`,
        fix: `Edit field mappings: send one of the options HubSpot allows for ${name}`,
        disposition: "stop",
      };
    case "INVALID_EMAIL":
      return { outcome: "failure", cause: "mappings", reason: "Invalid email", disposition: "stop" };
    default:
      return {
        outcome: "failure",
        cause: "mappings",
        reason: `Rejected by HubSpot: ${isCode(error) ? error : "invalid value"} for ${name}`,
        disposition: "stop",
      };
  }
}

/** `errors[].context.requiredGranularScopes[0]` of a MISSING_SCOPES body. */
function missingScope(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  for (const entry of errors) {
    const scopes = isRecord(entry) && isRecord(entry.context) ? entry.context.requiredGranularScopes : undefined;
    const scope = Array.isArray(scopes)
      ? scopes.find((s): s is string => typeof s === "string" && /^[a-z0-9._-]{1,100}$/i.test(s))
      : undefined;
    if (scope) return scope;
  }
  return undefined;
}

/** HubSpot says how long its rate-limit window is; waiting that long always lands in a fresh window. */
function rateLimitWaitMs(headers: Headers): number | undefined {
  const interval = Number(headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  const fromInterval = Number.isFinite(interval) && interval > 0 ? interval : undefined;
  const fromRetryAfter = parseRetryAfter(headers.get("retry-after"));
  if (fromInterval === undefined) return fromRetryAfter;
  return Math.max(fromInterval, fromRetryAfter ?? 0);
}

function isCode(value: string): boolean {
  return /^[A-Z][A-Z0-9_]{0,60}$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
