import type { MiddlewareHandler } from "hono";

/** A thrown value that is not an Error (a string, a plain object, a rejected promise's `undefined`). */
export class NonErrorThrow extends Error {
  constructor(readonly thrown: unknown) {
    super("A value that is not an Error was thrown");
    this.name = "NonErrorThrow";
  }
}

/**
 * Hono hands only `Error` instances to `onError`; anything else thrown by a route escapes to the
 * Node adapter, which answers an empty 500. Registered first, this middleware wraps such a value
 * in an Error so the app's one error answer (error-answer.ts) handles it like any other fault.
 */
export function wrapNonErrorThrows(): MiddlewareHandler {
  return async (_c, next) => {
    try {
      await next();
    } catch (error) {
      throw error instanceof Error ? error : new NonErrorThrow(error);
    }
  };
}
