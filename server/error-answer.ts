import { randomUUID } from "node:crypto";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { InvalidInput } from "../core/invalid-input.ts";
import { Refusal, type RefusalKind } from "../core/refusal.ts";
import { errorBody } from "./error-body.ts";
import { NonErrorThrow } from "./non-error-throws.ts";

const REFUSAL_STATUS: Record<RefusalKind, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  gone: 410,
  invalid: 422,
};

/**
 * PostgreSQL's "this value cannot be stored or read as that type" errors (a malformed UUID, a
 * NUL or an untranslatable character, a value too long for an index): the caller's data, not
 * our failure. Validation at the edge should refuse these first; this is the safety net.
 */
const REFUSED_VALUE_CODES = new Set(["22P02", "22021", "22P05", "22001", "54000", "22003", "22007", "22008"]);

function postgresCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== "object" || depth > 4) return undefined;
  const record = error as Record<string, unknown>;
  for (const key of ["code", "originalCode"]) {
    const value = record[key];
    if (typeof value === "string" && REFUSED_VALUE_CODES.has(value)) return value;
  }
  for (const key of ["cause", "meta", "driverAdapterError"]) {
    const found = postgresCode(record[key], depth + 1);
    if (found) return found;
  }
  const message = typeof record.message === "string" ? record.message : "";
  if (/invalid input syntax for type uuid|invalid byte sequence for encoding|unsupported Unicode escape sequence/i.test(message))
    return "22P02";
  return undefined;
}

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: ReturnType<typeof errorBody>;
  /** A server fault: log it (without secrets) under `requestId`, which the body also carries. */
  fault?: { requestId: string; log: Record<string, unknown> };
}

/**
 * How the API answers every error a route throws, in one place (the root app's onError):
 * - InvalidInput (a use case refused the caller's input): 400 invalid_request, one detail per field;
 * - any other Refusal: its kind's status (404, 403, 409, 410, 422) with its code and details;
 * - an HTTPException under 500 (a malformed JSON body, a wrong content type): 400 / 415;
 * - a value PostgreSQL cannot store: 400 invalid_request;
 * - everything else, including a ZodError and a thrown non-Error, is a server fault: 500 internal
 *   with a request id and no message. A ZodError is the caller's fault only as InvalidInput (use
 *   cases parse input with `parseInput`) or through the route's schema (validation-hook.ts); a bare
 *   one means our own stored data failed its schema (a corrupt row).
 */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof InvalidInput) {
    return { status: 400, body: errorBody(error.code, error.message, error.issues) };
  }
  if (error instanceof Refusal) {
    return { status: REFUSAL_STATUS[error.kind], body: errorBody(error.code, error.message, error.details) };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const unsupported = error.status === 415;
    const body = unsupported
      ? errorBody("unsupported_media_type", "Send the body as application/json")
      : errorBody("invalid_request", error.message || "The request is not valid");
    return { status: error.status as ContentfulStatusCode, body };
  }
  if (postgresCode(error)) {
    return {
      status: 400,
      body: errorBody(
        "invalid_request",
        "A value in the request cannot be stored: it is not in the expected format or holds NUL or invalid Unicode",
      ),
    };
  }
  const requestId = randomUUID();
  return {
    status: 500,
    body: errorBody("internal", "Internal error", { request_id: requestId }),
    fault: { requestId, log: faultLog(error) },
  };
}

/**
 * What a server fault's log line says. A ZodError's issues carry only paths and codes (its
 * messages can quote stored values); a thrown non-Error is named by its type only.
 */
function faultLog(error: unknown): Record<string, unknown> {
  if (error instanceof ZodError)
    return { stored_data_invalid: error.issues.map((issue) => ({ path: issue.path.map(String).join("."), code: issue.code })) };
  if (error instanceof NonErrorThrow || !(error instanceof Error)) {
    const thrown = error instanceof NonErrorThrow ? error.thrown : error;
    return { thrown: thrown === null ? "null" : typeof thrown };
  }
  return { err: error };
}
