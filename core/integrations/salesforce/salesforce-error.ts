import { parseRetryAfter } from "../../deliveries/retry-schedule.ts";
import type { HttpExchangeResult } from "../http-exchange.ts";
import type { DeliveryResult } from "../integration.ts";

/**
 * Turns a Salesforce REST error answer into a delivery verdict. Salesforce answers errors with a
 * JSON ARRAY of `{message, errorCode, fields?}`; the verdict is keyed on the status and the first
 * entry's `errorCode`. Field names are read from `fields` (or, for INVALID_FIELD, from the
 * "No such column 'X'" message, after the code has decided the class). Reasons hold no lead data.
 */
export type SalesforceProblem = Omit<Extract<DeliveryResult, { outcome: "failure" | "error" }>, "snapshot">;

/**
 * Daily API request limit reached (403 REQUEST_LIMIT_EXCEEDED). The limit is a rolling 24 h
 * count, so no moment is known at which it clears; retrying every hour (unless Salesforce sends a
 * longer Retry-After) keeps probing without spending the buyer's recovering allowance.
 */
export const SALESFORCE_REQUEST_LIMIT_RETRY_MS = 60 * 60 * 1000;

export interface SalesforceApiError {
  errorCode?: string;
  message?: string;
  fields: string[];
  /** The `duplicateResult` (or, as the API really spells it, `duplicateResut`) object of DUPLICATES_DETECTED. */
  duplicateResult?: unknown;
}

/** A timeout or connection failure is retried; an instance URL the outbound guard refuses is not. */
export function salesforceTransportProblem(result: Exclude<HttpExchangeResult, { kind: "response" }>): SalesforceProblem {
  if (result.kind === "blocked")
    return { outcome: "failure", reason: result.message, fix: "Connect Salesforce again", disposition: "stop" };
  return { outcome: "error", reason: result.kind === "timeout" ? "Timeout" : result.message, disposition: "retry" };
}

/** The first error of a Salesforce error array (or a lone error object). */
export function firstSalesforceError(json: unknown): SalesforceApiError {
  const entry: unknown = Array.isArray(json) ? json[0] : json;
  if (!isRecord(entry)) return { fields: [] };
  return {
    errorCode: typeof entry.errorCode === "string" ? entry.errorCode : undefined,
    message: typeof entry.message === "string" ? entry.message : undefined,
    fields: Array.isArray(entry.fields) ? entry.fields.filter((f): f is string => typeof f === "string").filter(isFieldName) : [],
    duplicateResult: entry.duplicateResult ?? entry.duplicateResut,
  };
}

export function salesforceErrorProblem(status: number, headers: Headers, json: unknown): SalesforceProblem {
  const error = firstSalesforceError(json);
  const code = error.errorCode;
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"));

  if (status === 401) {
    return {
      outcome: "error",
      reason: "Authentication failed: Salesforce rejected the session",
      fix: "Connect Salesforce again",
      disposition: "auth",
    };
  }
  if (status === 403 && code === "REQUEST_LIMIT_EXCEEDED") {
    return {
      outcome: "error",
      reason: "Salesforce API request limit exceeded",
      cause: "rate_limited",
      disposition: "retry",
      retryAfterMs: Math.max(retryAfterMs ?? 0, SALESFORCE_REQUEST_LIMIT_RETRY_MS),
    };
  }
  if (status === 403) {
    return {
      outcome: "error",
      reason: `Access denied by Salesforce${code && isCode(code) ? ` (${code})` : ""}`,
      fix: "Give the connected Salesforce user API access and permission to create and edit Leads",
      disposition: "auth",
    };
  }
  if (status >= 500 || status === 429 || status === 408) {
    return {
      outcome: "error",
      reason: status === 429 ? "Rate limited" : status === 408 ? "Timeout" : `Server error (HTTP ${status})`,
      disposition: "retry",
      retryAfterMs,
    };
  }
  if (status === 300) {
    return {
      outcome: "failure",
      reason: "Several Leads have the same external id",
      fix: "Make the external id field unique",
      disposition: "stop",
    };
  }

  const fieldList = error.fields.join(", ");
  switch (code) {
    case "REQUIRED_FIELD_MISSING":
      return {
        outcome: "failure",
        cause: "mappings",
        reason: fieldList ? `Missing required field: ${fieldList}` : "Missing required field",
        fix: fieldList ? `Map a field to ${fieldList}` : "Edit field mappings",
        disposition: "stop",
      };
    case "DUPLICATES_DETECTED":
      return {
        outcome: "failure",
        reason: "Duplicate",
        fix: "A Salesforce duplicate rule matched an existing record (the record id); update that record or relax the rule",
        disposition: "stop",
        recordId: duplicateRecordId(error.duplicateResult),
      };
    case "INVALID_FIELD": {
      const field = error.fields[0] ?? noSuchColumn(error.message);
      return field
        ? {
            outcome: "failure",
            cause: "mappings",
            reason: `Field mapping error: Salesforce has no field ${field}`,
            fix: `Edit field mappings: remove or rename ${field}`,
            disposition: "stop",
          }
        : {
            outcome: "failure",
            cause: "mappings",
            reason: "Field mapping error: Salesforce rejected a field",
            fix: "Edit field mappings",
            disposition: "stop",
          };
    }
    case "INVALID_FIELD_FOR_INSERT_UPDATE":
      return {
        outcome: "failure",
        cause: "mappings",
        reason: `Field mapping error: Salesforce field ${fieldList || "(unnamed)"} is not writable`,
        fix: `Edit field mappings: remove ${fieldList || "the read-only field"}, or give the Salesforce user edit access to it`,
        disposition: "stop",
      };
    case "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST":
      return {
        outcome: "failure",
        cause: "mappings",
        reason: `Field mapping error: invalid option for ${fieldList || "a picklist"}`,
        fix: `Edit field mappings: send one of the picklist values Salesforce allows for ${fieldList || "the field"}`,
        disposition: "stop",
      };
    case "INVALID_EMAIL_ADDRESS":
      return { outcome: "failure", cause: "mappings", reason: "Invalid email", disposition: "stop" };
    case "STRING_TOO_LONG":
      return { outcome: "failure", cause: "mappings", reason: `Value too long for ${fieldList || "a field"}`, disposition: "stop" };
    case "NOT_FOUND":
      return {
        outcome: "failure",
        reason: "Salesforce answered Not Found",
        fix: "Check the API version setting and that Lead has the external id field (run Verify)",
        disposition: "stop",
      };
    default:
      return {
        outcome: "failure",
        reason: `Rejected by Salesforce (${code && isCode(code) ? code : `HTTP ${status}`})`,
        disposition: "stop",
      };
  }
}

/** The Id of the first matching record in a DUPLICATES_DETECTED duplicate result. */
export function duplicateRecordId(duplicateResult: unknown): string | undefined {
  if (!isRecord(duplicateResult) || !Array.isArray(duplicateResult.matchResults)) return undefined;
  for (const match of duplicateResult.matchResults as unknown[]) {
    if (!isRecord(match) || !Array.isArray(match.matchRecords)) continue;
    for (const matched of match.matchRecords as unknown[]) {
      const record = isRecord(matched) && isRecord(matched.record) ? matched.record : undefined;
      if (typeof record?.Id === "string" && /^[A-Za-z0-9]{15,18}$/.test(record.Id)) return record.Id;
    }
  }
  return undefined;
}

function noSuchColumn(message: string | undefined): string | undefined {
  const name = message ? /No such column '([^']+)'/.exec(message)?.[1] : undefined;
  return name && isFieldName(name) ? name : undefined;
}

function isFieldName(name: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(name);
}

function isCode(value: string): boolean {
  return /^[A-Z][A-Z0-9_]{0,60}$/.test(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
