import type { z } from "@hono/zod-openapi";

/**
 * An OpenAPI response whose body is JSON of `schema`. The schema's type is kept, so the route's
 * handler may return only what the schema says (`c.json(body, status)` checks it).
 */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { content: { "application/json": { schema } }, description };
}

/**
 * An OpenAPI request body of JSON `schema`: required unless said otherwise (an optional body is
 * validated when it is sent as JSON; `c.req.valid("json")` is then `undefined` when it is not).
 */
export function jsonBody<T extends z.ZodType>(schema: T, options: { required: boolean } = { required: true }) {
  return { content: { "application/json": { schema } }, required: options.required };
}
