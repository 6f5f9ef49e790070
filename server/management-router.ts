import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env } from "hono";

/**
 * A router for a management resource. It has no error handler of its own: a Refusal, invalid
 * input or a server fault thrown by its routes is answered by the root app's onError
 * (server/error-answer.ts), the one mapping of errors to HTTP for every router.
 */
export function managementRouter<E extends Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>();
}
