import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The management API's one error shape: `{"error":{"code","message","details"}}`. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function errorResponse(c: Context, status: ContentfulStatusCode, code: string, message: string, details?: unknown) {
  return c.json(errorBody(code, message, details), status);
}
