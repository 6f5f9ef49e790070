import type { Context } from "hono";
import { errorBody } from "./error-body.ts";
import { findUnstorableText, UNSTORABLE_TEXT_MESSAGE } from "./unstorable-text.ts";

type ValidationResult =
  | { success: true; data: unknown; target: string }
  | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }; target: string };

/**
 * Every OpenAPI route's validation outcome, in one place (the app's defaultHook, inherited by
 * every router):
 * - a path parameter that is not a valid id (not a UUID, `..%2F`, 5,000 characters, a NUL) is
 *   404 not_found, as an unknown id is: nothing can exist at that path;
 * - an invalid body or query is 400 invalid_request with one detail per field;
 * - a valid one that holds text PostgreSQL cannot store (NUL, lone surrogates) is 400 naming
 *   each field, instead of a 500 from the database.
 */
export function validationHook(result: ValidationResult, c: Context): Response | undefined {
  if (result.target === "param") {
    if (result.success && findUnstorableText(result.data).length === 0) return undefined;
    const names = result.success
      ? Object.keys(result.data as object)
      : [...new Set(result.error.issues.map((i) => String(i.path[0] ?? "id")))];
    return c.json(errorBody("not_found", `Nothing found: ${names.map((n) => `\`${n}\``).join(", ")} is not a valid id`), 404);
  }
  if (!result.success) {
    return c.json(
      errorBody(
        "invalid_request",
        "The request is not valid",
        result.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
      ),
      400,
    );
  }
  const unstorable = findUnstorableText(result.data);
  if (unstorable.length) {
    const message = `${unstorable.join(", ")}: ${UNSTORABLE_TEXT_MESSAGE}`;
    return c.json(
      errorBody(
        "invalid_request",
        message,
        unstorable.map((path) => ({ path, message: UNSTORABLE_TEXT_MESSAGE })),
      ),
      400,
    );
  }
  return undefined;
}
