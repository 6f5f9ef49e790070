import { OpenAPIHono } from "@hono/zod-openapi";
import type { Env, MiddlewareHandler } from "hono";
import type { PrismaClient } from "../core/db/prisma.ts";
import { accountAuth, type AccountEnv } from "./account-auth.ts";
import { errorResponses } from "./error-responses.ts";
import { identityAuth } from "./identity-auth.ts";

type SecuritySchemeObject = { type: "http"; scheme: "bearer"; description: string };

/**
 * Who may call a router's documented operations: the middleware that checks it, and what the
 * OpenAPI document says about it (the operation's `security`, its scheme, the 401 it answers).
 * The two come from one place, so an operation's documented security cannot drift from its check.
 */
export interface RouteAccess<E extends Env> {
  middleware: MiddlewareHandler<E> | null;
  security: Record<string, string[]>[];
  scheme: { name: string; definition: SecuritySchemeObject } | null;
  responses: Partial<ReturnType<typeof errorResponses<401 | 503>>>;
}

/** An account API key (`Authorization: Bearer lr_acct_…` or `X-API-Key`): the management API. */
export function accountKey(prisma: PrismaClient): RouteAccess<AccountEnv> {
  return {
    middleware: accountAuth(prisma),
    security: [{ accountKey: [] }],
    scheme: { name: "accountKey", definition: { type: "http", scheme: "bearer", description: "An account API key (lr_acct_…)" } },
    responses: errorResponses(401),
  };
}

/** IDENTITY_API_KEY: a trusted identity provider vouching for a person (accepting an invitation). */
export function identityProviderKey(identityApiKey: string | null): RouteAccess<Env> {
  return {
    middleware: identityAuth(identityApiKey),
    security: [{ identityKey: [] }],
    scheme: {
      name: "identityKey",
      definition: {
        type: "http",
        scheme: "bearer",
        description: "IDENTITY_API_KEY: the trusted identity provider that vouches for the accepting person's email and name",
      },
    },
    responses: errorResponses(401, 503),
  };
}

/** No key: what anyone may read (the integrations list, a source's submission docs). */
export const publicAccess: RouteAccess<Env> = { middleware: null, security: [], scheme: null, responses: {} };

/**
 * The router every API resource's routes are declared on. Its `openapi()` adds the access's
 * middleware in front of each operation and documents its security and 401, so a route states only
 * what is its own. Only documented operations get it: pages a router also serves with plain
 * `get`/`post` (an emailed link, a form) stay public, and the access never applies to other
 * routers' paths (a path-less `use()` would, once mounted at "/").
 *
 * It has no error handler of its own: a Refusal, invalid input or a server fault thrown by a route
 * is answered by the root app's onError (server/error-answer.ts), the one mapping of errors to HTTP.
 */
export function createRouter<E extends Env>(access: RouteAccess<E>): OpenAPIHono<E> {
  const router = new OpenAPIHono<E>();
  if (access.scheme) router.openAPIRegistry.registerComponent("securitySchemes", access.scheme.name, access.scheme.definition);
  const register = router.openapi;
  router.openapi = ((route, handler, hook) => {
    // One place says who may call an operation: a route of its own saying otherwise is a mistake.
    if (route.security)
      throw new Error(`${route.method.toUpperCase()} ${route.path}: its security comes from the router's access, not the route`);
    const middleware = [...(access.middleware ? [access.middleware] : []), ...[route.middleware ?? []].flat()];
    return register(
      { ...route, security: access.security, responses: { ...access.responses, ...route.responses }, middleware },
      handler,
      hook,
    );
  }) as typeof router.openapi;
  return router;
}
