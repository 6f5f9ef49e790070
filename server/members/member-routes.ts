import { createRoute, z } from "@hono/zod-openapi";
import { ACCOUNT_KEY_ACTOR } from "../../core/accounts/actor.ts";
import { Refusal } from "../../core/refusal.ts";
import { addMember } from "../../core/members/add-member.ts";
import { decideMembership, pendingMembershipFor } from "../../core/members/confirm-membership.ts";
import { removeMember, updateMember } from "../../core/members/change-member.ts";
import { listMembers } from "../../core/members/list-members.ts";
import { displayNameSchema, emailSchema } from "../accounts/account-schemas.ts";
import { errorResponses } from "../error-responses.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { pageQuerySchema, pageRequest, pageSchema } from "../pagination.ts";
import { setPageHeaders } from "../pages/page-layout.ts";
import { membershipConfirmPage, membershipDecidedPage } from "./membership-confirm-page.ts";
import { idParams } from "../path-params.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";

const memberSchema = z
  .object({
    id: z.string().openapi({ description: "The membership id (use it in /members/{id})" }),
    user_id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(["admin", "member"]),
    lead_access: z.boolean(),
    status: z.enum(["active", "pending", "requested"]).openapi({
      description:
        "Only active grants anything. pending: added by an admin, waiting for the person to confirm (Slack or the emailed link); requested: the person asked to join, waiting for an admin (POST /members with their email says yes)",
    }),
    created_at: z.string(),
  })
  .openapi("Member");

const memberParams = idParams;

const listRoute = createRoute({
  method: "get",
  path: "/members",
  operationId: "listMembers",
  tags: ["Members"],
  summary: "The account's members, newest first",
  request: { query: pageQuerySchema },
  responses: { 200: json(pageSchema("members", memberSchema), "One page of members"), ...errorResponses(400) },
});

const addRoute = createRoute({
  method: "post",
  path: "/members",
  operationId: "addMember",
  tags: ["Members"],
  summary: "Add a person to the account (they confirm before it counts)",
  description:
    "Admins only (an account API key is admin-level). The person is identified by email; role defaults to member, lead_access to true. The membership is created `pending`: it grants nothing and routes no invitation until the person confirms with their verified identity, in Slack (the bot asks them) or through a single-use link emailed to them when SMTP_URL is set. Adding a person who asked to join (`requested`) makes them active at once. 409 already_member (details.status says whether they are active or still pending).",
  request: {
    body: jsonBody(
      z.object({
        email: emailSchema,
        name: displayNameSchema.optional(),
        role: z.enum(["admin", "member"]).default("member"),
        lead_access: z.boolean().default(true),
      }),
    ),
  },
  responses: { 201: json(memberSchema, "The new (pending) member"), ...errorResponses(400, 403, 409) },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/members/{id}",
  operationId: "updateMember",
  tags: ["Members"],
  summary: "Change a member's role or lead access",
  description: "Admins only. The last admin cannot be made a member (409 last_admin).",
  request: {
    params: memberParams,
    body: jsonBody(
      z
        .object({ role: z.enum(["admin", "member"]).optional(), lead_access: z.boolean().optional() })
        .refine((body) => body.role !== undefined || body.lead_access !== undefined, "Send role and/or lead_access"),
    ),
  },
  responses: { 200: json(memberSchema, "The member"), ...errorResponses(400, 403, 404, 409) },
});

const removeRoute = createRoute({
  method: "delete",
  path: "/members/{id}",
  operationId: "removeMember",
  tags: ["Members"],
  summary: "Remove a member from the account (or withdraw a pending one)",
  description: "Admins only; never the last active admin (409 last_admin). The person's user and other memberships remain.",
  request: { params: memberParams },
  responses: { 204: { description: "Removed" }, ...errorResponses(403, 404, 409) },
});

export function memberRoutes(deps: ManagementDeps) {
  return createRouter(accountKey(deps.prisma))
    .openapi(listRoute, async (c) => {
      const page = await listMembers(deps.prisma, c.get("accountId"), pageRequest(c.req.valid("query")));
      return c.json({ members: page.items, next_cursor: page.nextCursor }, 200);
    })
    .openapi(addRoute, async (c) => {
      const body = c.req.valid("json");
      const member = await addMember(deps, c.get("accountId"), ACCOUNT_KEY_ACTOR, {
        email: body.email,
        name: body.name,
        role: body.role,
        leadAccess: body.lead_access,
      });
      return c.json(member, 201);
    })
    .openapi(updateRoute, async (c) => {
      const body = c.req.valid("json");
      const member = await updateMember(deps.prisma, c.get("accountId"), ACCOUNT_KEY_ACTOR, c.req.valid("param").id, {
        role: body.role,
        leadAccess: body.lead_access,
      });
      return c.json(member, 200);
    })
    .openapi(removeRoute, async (c) => {
      await removeMember(deps.prisma, c.get("accountId"), ACCOUNT_KEY_ACTOR, c.req.valid("param").id);
      return c.body(null, 204);
    })
    .get("/members/confirm/:token{lr_mem_[A-Za-z0-9_-]+}", async (c) => {
      const token = c.req.param("token");
      const pending = await pendingMembershipFor(deps.prisma, { kind: "token", token }).catch(() => null);
      setPageHeaders(c);
      return c.html(membershipConfirmPage(pending, token), pending ? 200 : 404);
    })
    .post("/members/confirm/:token{lr_mem_[A-Za-z0-9_-]+}", async (c) => {
      // The emailed link's form (or a JSON client): the token is the proof that this is the person's address.
      const type = c.req.header("content-type") ?? "";
      const decision = type.includes("application/json")
        ? ((await c.req.json().catch(() => ({}))) as { decision?: unknown }).decision
        : (await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)).decision;
      if (decision !== "join" && decision !== "decline")
        throw new Refusal("invalid", "invalid_request", "Send decision=join or decision=decline");
      const wantsJson = c.req.header("accept")?.includes("application/json") || type.includes("application/json");
      setPageHeaders(c);
      try {
        const decided = await decideMembership(deps.prisma, { kind: "token", token: c.req.param("token") }, decision);
        return wantsJson
          ? c.json({ decision, account: { name: decided.accountName } }, 200)
          : c.html(membershipDecidedPage(decision, decided.accountName), 200);
      } catch (error) {
        if (wantsJson || !(error instanceof Refusal)) throw error;
        return c.html(membershipConfirmPage(null, ""), 404);
      }
    });
}
