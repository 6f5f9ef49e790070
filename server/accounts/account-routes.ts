import { createRoute, z } from "@hono/zod-openapi";
import { ACCOUNT_KEY_ACTOR } from "../../core/accounts/actor.ts";
import { getAccount } from "../../core/accounts/get-account.ts";
import { updateAccount } from "../../core/accounts/update-account.ts";
import { notFound } from "../../core/refusal.ts";
import { errorResponses } from "../error-responses.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { accountSchema, displayNameSchema, emailDomainSchema } from "./account-schemas.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";

const getRoute = createRoute({
  method: "get",
  path: "/accounts/me",
  operationId: "getAccount",
  tags: ["Accounts"],
  summary: "The account the key belongs to",
  responses: { 200: json(accountSchema, "The account") },
});

const updateBody = z
  .object({
    name: displayNameSchema.optional(),
    email_domain: emailDomainSchema.nullable().optional().openapi({
      description:
        "People with this email domain must be members to accept invitations for the company. Must be an admin's email domain, not a free provider; null releases it.",
    }),
  })
  .refine((body) => Object.keys(body).length > 0, "Send at least one of name, email_domain");

const updateRoute = createRoute({
  method: "patch",
  path: "/accounts/me",
  operationId: "updateAccount",
  tags: ["Accounts"],
  summary: "Rename the account or set its email domain",
  description: "The plan is not changed here (partner accounts upgrade through billing).",
  request: { body: jsonBody(updateBody) },
  responses: {
    200: json(accountSchema, "The updated account"),
    ...errorResponses(400, 409, 422),
  },
});

export function accountRoutes(deps: ManagementDeps) {
  return createRouter(accountKey(deps.prisma))
    .openapi(getRoute, async (c) => {
      const account = await getAccount(deps.prisma, c.get("accountId"));
      if (!account) throw notFound("account");
      return c.json(account, 200);
    })
    .openapi(updateRoute, async (c) => {
      const body = c.req.valid("json");
      const account = await updateAccount(deps.prisma, c.get("accountId"), ACCOUNT_KEY_ACTOR, {
        name: body.name,
        emailDomain: body.email_domain,
      });
      return c.json(account, 200);
    });
}
