import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context, Env } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ZodError } from "zod";
import { Refusal, type RefusalKind } from "../core/refusal.ts";
import { errorBody } from "./error-body.ts";

const REFUSAL_STATUS: Record<RefusalKind, ContentfulStatusCode> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  gone: 410,
  invalid: 422,
};

/**
 * A router for a management resource. Its error handler turns a domain Refusal into the API's
 * error body with the matching status (404, 403, 409, 410, 422), a ZodError or a malformed body
 * into 400 invalid_request, and rethrows anything else to the app's 500 handler.
 */
export function managementRouter<E extends Env>(): OpenAPIHono<E> {
  const router = new OpenAPIHono<E>();
  router.onError((error, c) => refusalResponse(error, c));
  return router;
}

function refusalResponse(error: Error, c: Context): Response {
  if (error instanceof Refusal) {
    return c.json(errorBody(error.code, error.message, error.details), REFUSAL_STATUS[error.kind]);
  }
  if (error instanceof ZodError) {
    return c.json(errorBody("invalid_request", "The request is not valid", error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))), 400);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code = error.status === 415 ? "unsupported_media_type" : "invalid_request";
    const message = error.status === 415 ? "Send the body as application/json" : error.message || "The request is not valid";
    return c.json(errorBody(code, message), error.status as ContentfulStatusCode);
  }
  throw error;
}
