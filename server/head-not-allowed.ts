import type { MiddlewareHandler } from "hono";

/**
 * Hono answers a HEAD request by running the GET handler and dropping the body, so a GET route
 * that changes state (the lead intake's GET, OAuth callbacks) would change it for a HEAD too.
 * Such routes answer HEAD with 405 and `Allow` instead, and do nothing.
 */
export function headNotAllowed(allow: string): Response {
  return new Response(null, { status: 405, headers: { allow } });
}

/** Middleware form of headNotAllowed for GET routes with side effects. */
export function refuseHead(allow = "GET"): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "HEAD") return headNotAllowed(allow);
    await next();
  };
}
