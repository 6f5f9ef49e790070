import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorBody } from "./error-body.ts";

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
  if (/invalid input syntax for type uuid|invalid byte sequence for encoding|unsupported Unicode escape sequence/i.test(message)) return "22P02";
  return undefined;
}

/** How the app answers an error no router handled: the caller's bad value is 400, the rest 500. */
export function unexpectedErrorAnswer(error: unknown): { status: ContentfulStatusCode; body: ReturnType<typeof errorBody> } {
  if (postgresCode(error)) {
    return { status: 400, body: errorBody("invalid_request", "A value in the request cannot be stored: it is not in the expected format or holds NUL or invalid Unicode") };
  }
  return { status: 500, body: errorBody("internal", "Internal error") };
}
