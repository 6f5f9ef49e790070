import { createRoute, z } from "@hono/zod-openapi";
import { fieldNameSchema } from "../../core/flows/flow-config.ts";
import { createInvitation } from "../../core/invitations/create-invitation.ts";
import { listInvitations } from "../../core/invitations/list-invitations.ts";
import { revokeInvitation } from "../../core/invitations/revoke-invitation.ts";
import { countInvitation, invitationLimitMessage } from "../../core/rate-limits/invitation-rate.ts";
import { emailSchema } from "../accounts/account-schemas.ts";
import { errorResponses } from "../error-responses.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { pageQuerySchema, pageRequest, pageSchema } from "../pagination.ts";
import { setRetryAfter } from "../rate-limit/request-limits.ts";
import { errorBody } from "../error-body.ts";
import { idParam } from "../path-params.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";

const INVITATION_STATES = ["pending", "expired", "accepted", "revoked"] as const;

const invitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    fields: z.array(z.string()),
    status: z.enum(INVITATION_STATES),
    expires_at: z.string(),
    accepted_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
    connection_id: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Invitation");

const sentInvitationSchema = invitationSchema
  .extend({
    accept_url: z
      .string()
      .openapi({ description: 'The "Accept invite to connect" link; it holds the token, so give it only to the invited person' }),
    email_sent: z.boolean(),
    email_detail: z.string(),
  })
  .openapi("SentInvitation");

const createInvitationRoute = createRoute({
  method: "post",
  path: "/invitations",
  operationId: "createInvitation",
  tags: ["Invitations"],
  summary: "Invite a buyer by email",
  description:
    'Creates a single-use invitation bound to the email (case-insensitive) that expires after expires_in_days (default INVITATION_TTL_DAYS, 14). With SMTP configured the buyer is emailed an "Accept invite to connect" link; either way accept_url is returned for you to forward. Inviting an email that already has a pending invitation returns that one (200, same link, fields updated if given). When the Slack bot is on, the buyer also gets a direct message if a connected workspace knows the email; the answer is the same either way (it never says who is in Slack). The buyer is emailed and messaged at most once a day per invitation, however often it is re-sent.',
  request: {
    body: jsonBody(
      z.object({
        email: emailSchema,
        fields: z
          .array(fieldNameSchema)
          .max(200)
          .optional()
          .openapi({ description: 'The fields you will send, e.g. ["first_name","email","loan.amount"]' }),
        expires_in_days: z.number().int().min(1).max(90).optional(),
      }),
    ),
  },
  responses: {
    201: json(sentInvitationSchema, "Invitation created"),
    200: json(sentInvitationSchema, "The email's pending invitation, returned again"),
    ...errorResponses(400, 409, 429),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/invitations",
  operationId: "listInvitations",
  tags: ["Invitations"],
  summary: "The invitations your account sent, newest first",
  request: { query: pageQuerySchema.extend({ status: z.enum(INVITATION_STATES).optional() }) },
  responses: { 200: json(pageSchema("invitations", invitationSchema), "One page of invitations"), ...errorResponses(400) },
});

const params = z.object({ id: idParam.openapi({ description: "The invitation id (not its token)" }) });
const revokeResponses = {
  200: json(invitationSchema, "The revoked invitation"),
  ...errorResponses(404, 409),
};
const revokeDescription =
  "Its link stops working at once. Idempotent; an accepted invitation cannot be revoked (409 invitation_used: end the connection instead).";

const deleteRoute = createRoute({
  method: "delete",
  path: "/invitations/{id}",
  operationId: "deleteInvitation",
  tags: ["Invitations"],
  summary: "Revoke an invitation",
  description: revokeDescription,
  request: { params },
  responses: revokeResponses,
});
const revokeRoute = createRoute({
  method: "post",
  path: "/invitations/{id}/revoke",
  operationId: "revokeInvitation",
  tags: ["Invitations"],
  summary: "Revoke an invitation",
  description: revokeDescription,
  request: { params },
  responses: revokeResponses,
});

export function invitationRoutes(deps: ManagementDeps) {
  const invitationDeps = { ...deps, defaultTtlDays: deps.invitationTtlDays };
  return createRouter(accountKey(deps.prisma))
    .openapi(createInvitationRoute, async (c) => {
      const body = c.req.valid("json");
      const rate = await countInvitation(deps.invitationLimiter, c.get("accountId"));
      if (rate.limited) {
        setRetryAfter(c, rate);
        return c.json(errorBody("rate_limited", invitationLimitMessage(deps.invitationLimiter!, rate)), 429);
      }
      const sent = await createInvitation(invitationDeps, {
        sellerAccountId: c.get("accountId"),
        email: body.email,
        fields: body.fields,
        expiresInDays: body.expires_in_days,
      });
      return c.json(
        { ...sent.invitation, accept_url: sent.acceptUrl, email_sent: sent.email.sent, email_detail: sent.email.detail },
        sent.created ? 201 : 200,
      );
    })
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const page = await listInvitations(deps.prisma, c.get("accountId"), query.status, pageRequest(query));
      return c.json({ invitations: page.items, next_cursor: page.nextCursor }, 200);
    })
    .openapi(deleteRoute, async (c) => c.json(await revokeInvitation(deps.prisma, c.get("accountId"), c.req.valid("param").id), 200))
    .openapi(revokeRoute, async (c) => c.json(await revokeInvitation(deps.prisma, c.get("accountId"), c.req.valid("param").id), 200));
}
