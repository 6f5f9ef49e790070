import type { DeliveryResult } from "../integrations/integration.ts";
import { MappingTemplateError } from "../mappings/render-mappings.ts";

/**
 * What an exception thrown while preparing, rendering or sending one delivery means for it.
 * Integrations report transport failures as results, so an exception is either a dependency of
 * ours that is briefly unavailable (the database, Redis, a socket: retried like a transport
 * failure) or something about this lead and destination that will fail the same way every time
 * (a field mapping, a value the code did not expect): a permanent failure with a named reason,
 * never an anonymous error retried until it gives up.
 */
export function deliveryResultFromException(error: unknown): DeliveryResult & { outcome: "failure" | "error" } {
  if (error instanceof MappingTemplateError) {
    return {
      outcome: "failure",
      reason: `Field mapping error: ${error.field}: ${error.why}`.slice(0, 500),
      fix: `Edit field mappings: ${error.field}`,
      disposition: "stop",
      snapshot: { error: "MappingTemplateError" },
    };
  }
  const name = errorName(error);
  const transient = transientCode(error);
  if (transient) {
    return { outcome: "error", reason: `Temporarily unavailable (${transient})`, disposition: "retry", snapshot: { error: name } };
  }
  return {
    outcome: "error",
    reason: `Delivery preparation failed: ${name}`,
    fix: "Contact support with the lead id",
    disposition: "stop",
    snapshot: { error: name },
  };
}

/** Node's system errors for sockets and name resolution (not its ERR_* programming errors). */
const SYSTEM_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "EADDRNOTAVAIL",
  "EMFILE",
  "ENFILE",
]);
/** Prisma: P1xxx connection and server errors, P2024 pool timeout, P2034 write conflict, P2037 too many connections. */
const PRISMA_TRANSIENT = /^(P1\d{3}|P2024|P2034|P2037)$/;
/** PostgreSQL SQLSTATE classes: connection (08), rollback (40), resources (53), operator (57), system (58). */
const SQLSTATE_TRANSIENT = /^(08|40|53|57|58)[0-9A-Z]{3}$/;
const TRANSIENT_NAMES = new Set(["TimeoutError", "AbortError", "PrismaClientInitializationError", "MaxRetriesPerRequestError"]);

/** The code (or class name) of an infrastructure failure worth retrying, looking through `cause`s; else undefined. */
function transientCode(error: unknown, depth = 0): string | undefined {
  if (depth > 3 || typeof error !== "object" || error === null) return undefined;
  const { code, name, cause } = error as { code?: unknown; name?: unknown; cause?: unknown };
  if (typeof code === "string" && (SYSTEM_ERRORS.has(code) || PRISMA_TRANSIENT.test(code) || SQLSTATE_TRANSIENT.test(code))) return code;
  if (typeof name === "string" && TRANSIENT_NAMES.has(name)) return name;
  return transientCode(cause, depth + 1);
}

function errorName(error: unknown): string {
  if (error instanceof Error) return /^[A-Za-z0-9_$]{1,60}$/.test(error.name) ? error.name : "Error";
  return typeof error;
}
