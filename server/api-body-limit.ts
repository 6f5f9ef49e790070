import { bodyLimit } from "hono/body-limit";
import type { MiddlewareHandler } from "hono";
import { errorBody } from "./error-body.ts";

/** The largest request body the management API and the Slack endpoint read (the intake has the same limit). */
export const API_MAX_BODY_BYTES = 1024 * 1024;

/** 413 payload_too_large beyond API_MAX_BODY_BYTES; the rest of the body is never read, so the connection closes. */
export function apiBodyLimit(): MiddlewareHandler {
  return bodyLimit({
    maxSize: API_MAX_BODY_BYTES,
    onError: (c) => {
      c.header("connection", "close");
      return c.json(errorBody("payload_too_large", "Body too large: the limit is 1 MB"), 413);
    },
  });
}
