import { createRoute, z } from "@hono/zod-openapi";
import { ACCOUNT_KEY_ACTOR } from "../../core/accounts/actor.ts";
import { createApiKey } from "../../core/api-keys/create-api-key.ts";
import { listApiKeys } from "../../core/api-keys/list-api-keys.ts";
import { revokeApiKey } from "../../core/api-keys/revoke-api-key.ts";
import { displayNameSchema } from "../accounts/account-schemas.ts";
import { errorResponses } from "../error-responses.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { pageQuerySchema, pageRequest, pageSchema } from "../pagination.ts";
import { idParams } from "../path-params.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";

const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: "The key's first characters, to recognise it" }),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

const issuedApiKeySchema = apiKeySchema
  .extend({ key: z.string().openapi({ description: "The key itself: shown this once, store it now" }) })
  .openapi("IssuedApiKey");

const listRoute = createRoute({
  method: "get",
  path: "/api-keys",
  operationId: "listApiKeys",
  tags: ["API keys"],
  summary: "The account's API keys (never the keys themselves), newest first",
  request: { query: pageQuerySchema },
  responses: { 200: json(pageSchema("api_keys", apiKeySchema), "One page of keys"), ...errorResponses(400) },
});

const createKeyRoute = createRoute({
  method: "post",
  path: "/api-keys",
  operationId: "createApiKey",
  tags: ["API keys"],
  summary: "Create a named account API key",
  description: "The key is returned once and stored hashed. Account keys are admin-level credentials of the account.",
  request: { body: jsonBody(z.object({ name: displayNameSchema })) },
  responses: { 201: json(issuedApiKeySchema, "The new key"), ...errorResponses(400, 403) },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  operationId: "revokeApiKey",
  tags: ["API keys"],
  summary: "Revoke an API key",
  description:
    "Idempotent; the key stops working at once. The last working key cannot be revoked (409 last_api_key): create a replacement first.",
  request: { params: idParams },
  responses: { 200: json(apiKeySchema, "The revoked key"), ...errorResponses(403, 404, 409) },
});

export function apiKeyRoutes(deps: ManagementDeps) {
  return createRouter(accountKey(deps.prisma))
    .openapi(listRoute, async (c) => {
      const page = await listApiKeys(deps.prisma, c.get("accountId"), pageRequest(c.req.valid("query")));
      return c.json({ api_keys: page.items, next_cursor: page.nextCursor }, 200);
    })
    .openapi(createKeyRoute, async (c) => {
      return c.json(await createApiKey(deps.prisma, c.get("accountId"), ACCOUNT_KEY_ACTOR, c.req.valid("json").name), 201);
    })
    .openapi(revokeRoute, async (c) => {
      return c.json(await revokeApiKey(deps.prisma, c.get("accountId"), ACCOUNT_KEY_ACTOR, c.req.valid("param").id), 200);
    });
}
