import { createRoute, z } from "@hono/zod-openapi";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { Context } from "hono";
import type { IncomingMessage, ServerResponse } from "node:http";
import { acceptInvitation } from "../../core/invitations/accept-invitation.ts";
import { findInvitationByToken } from "../../core/invitations/preview-invitation.ts";
import { Refusal } from "../../core/refusal.ts";
import type { RateLimiter } from "../../core/rate-limits/rate-limiter.ts";
import { accountSchema, displayNameSchema, emailSchema } from "../accounts/account-schemas.ts";
import { connectionSchema } from "../connections/connection-schema.ts";
import { errorResponses } from "../error-responses.ts";
import { createRouter, identityProviderKey } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { setPageHeaders } from "../pages/page-layout.ts";
import { invitationNotFoundPage, invitationPage, type SlackEntry } from "./invitation-page.ts";

const TOKEN_PATH = "/invitations/:token{lr_inv_[A-Za-z0-9_-]+}";

/** What the landing page needs from the Slack bot (the SlackBot, wired in server/service.ts). */
export interface InvitationSlackEntry {
  /** Multi-workspace install; null with a single bot token. */
  oauth: { handleInstall(req: IncomingMessage, res: ServerResponse, invitationId?: string): Promise<void> } | null;
  invitationInSlack: { sendToInvitedPerson(invitationId: string): Promise<void>; openSlackUrl(): Promise<string | null> };
}
export interface InvitationLinkOptions {
  /** The Slack bot, when this server runs it: decides the page's primary action. */
  slack?: InvitationSlackEntry | null;
  /** "Send it to me in Slack" per invitation per hour; absent: not limited. */
  linkLimiter?: RateLimiter | null;
}

const acceptBody = z
  .object({
    email: emailSchema.openapi({ description: "The accepting person's verified email; must be the invited one" }),
    name: displayNameSchema.openapi({ description: "The person's name" }),
    company: displayNameSchema.optional().openapi({ description: "Names the account if one is created (default: the email domain)" }),
    account_id: z.uuid().optional().openapi({ description: "Which of the person's accounts accepts, when they belong to several" }),
    flow: z.literal("new").optional().openapi({ description: 'Paid accounts: create a "Buyer Step Flow" for this seller' }),
    flow_id: z.uuid().optional().openapi({ description: "Paid accounts: receive this seller's leads in one of your flows" }),
  })
  .refine((body) => !(body.flow && body.flow_id), { message: "Send flow or flow_id, not both", path: ["flow_id"] });

const acceptedSchema = z
  .object({
    created: z.boolean().openapi({ description: "false when this repeated an earlier accept: the same connection is returned" }),
    connection: connectionSchema,
    account: accountSchema.extend({ created: z.boolean() }),
    user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
    account_api_key: z
      .string()
      .nullable()
      .openapi({ description: "Only when this accept created the account: its first management key, shown once" }),
    needs_destination: z.boolean().openapi({ description: "The flow delivers nowhere yet: pick a destination and add it to flow_id" }),
  })
  .openapi("AcceptedInvitation");

const acceptRoute = createRoute({
  method: "post",
  path: "/invitations/{token}/accept",
  operationId: "acceptInvitation",
  tags: ["Invitations"],
  summary: "Accept an invitation for a verified person",
  description: [
    "Called by the trusted identity provider (Authorization: Bearer IDENTITY_API_KEY) with the person's verified email and name; the token from the link identifies the invitation.",
    "201 with the connection when accepted; 200 with the same connection when the same person repeats it.",
    "Refusals (nothing is created): 404 invitation_not_found, 410 invitation_expired, 410 invitation_revoked, 409 invitation_used, 403 invitation_email_mismatch,",
    "409 membership_required (the email domain belongs to an account the person is not a member of; its admins are told), 403 lead_access_required, 409 account_choice_required,",
    "403 not_a_member, 409 self_connection, 409 already_connected, 422 flow_choice_required (paid accounts say flow or flow_id), 404 flow_not_found, 403 plan_limit.",
    "The link itself (GET /invitations/{token}) is an HTML page, or JSON with Accept: application/json.",
  ].join(" "),
  request: { params: z.object({ token: z.string() }), body: jsonBody(acceptBody) },
  responses: {
    201: json(acceptedSchema, "Accepted: the connection"),
    200: json(acceptedSchema, "Already accepted by this person: the same connection"),
    ...errorResponses(400, 403, 404, 409, 410, 422),
  },
});

/** The invitation link: its landing page (public: the token is the bearer) and the accept call (trusted identity provider). */
export function invitationLinkRoutes(deps: ManagementDeps, options: InvitationLinkOptions = {}) {
  // The accept call is the identity provider's; the link's pages below are plain routes: public, the token is the bearer.
  const router = createRouter(identityProviderKey(deps.identityApiKey));
  const { slack, linkLimiter } = options;
  const base = deps.publicUrl.replace(/\/$/, "");
  /** The link as handed out (what `/leadrelay accept` takes). */
  const linkOf = (token: string) => `${base}/invitations/${token}`;
  /** The page's own actions and redirects stay relative: they work behind any host name. */
  const pathOf = (token: string) => `/invitations/${token}`;
  const slackEntry = async (token: string): Promise<SlackEntry> => {
    if (slack?.oauth) return { mode: "install", installUrl: `${pathOf(token)}/add-to-slack` };
    if (slack)
      return { mode: "workspace", sendUrl: `${pathOf(token)}/send-to-slack`, openSlackUrl: await slack.invitationInSlack.openSlackUrl() };
    return { mode: "none" };
  };
  const notFound = (c: Context) => {
    setPageHeaders(c);
    return c.html(invitationNotFoundPage(), 404);
  };

  router.get(TOKEN_PATH, async (c) => {
    const token = c.req.param("token");
    const found = await findInvitationByToken(deps.prisma, token);
    setPageHeaders(c);
    if (c.req.header("accept")?.includes("application/json")) {
      if (!found) throw new Refusal("not_found", "invitation_not_found", "No invitation matches this link: check that it was copied whole");
      return c.json(found.preview, 200);
    }
    if (!found) return notFound(c);
    const notice = c.req.query("sent") === "1" ? "sent" : c.req.query("sent") === "limited" ? "rate_limited" : null;
    return c.html(
      invitationPage({
        preview: found.preview,
        acceptUrl: linkOf(token),
        slack: await slackEntry(token),
        notice,
        canEmailCodes: deps.mailer !== null,
      }),
      200,
    );
  });

  // "Send it to me in Slack" (one workspace): the same answer whether or not Slack knows the
  // address, sent after answering, so neither the page nor its timing says who is in the workspace.
  router.post(`${TOKEN_PATH}/send-to-slack`, async (c) => {
    const token = c.req.param("token");
    const found = await findInvitationByToken(deps.prisma, token);
    if (!found || !slack || slack.oauth) return notFound(c);
    if (found.preview.status !== "pending") return c.redirect(pathOf(token), 303);
    const verdict = await linkLimiter?.hit([`slack-dm:${found.id}`]);
    if (verdict?.limited) return c.redirect(`${pathOf(token)}?sent=limited`, 303);
    void slack.invitationInSlack
      .sendToInvitedPerson(found.id)
      .catch((error: unknown) =>
        deps.logger.warn({ err: (error as Error).message, invitationId: found.id }, "could not send the invitation in Slack"),
      );
    return c.redirect(`${pathOf(token)}?sent=1`, 303);
  });

  // "Add to Slack" (multi-workspace): the install carries the invitation's id in Slack's signed state.
  router.get(`${TOKEN_PATH}/add-to-slack`, async (c) => {
    const token = c.req.param("token");
    const found = await findInvitationByToken(deps.prisma, token);
    if (!found || !slack?.oauth) return notFound(c);
    if (found.preview.status !== "pending") return c.redirect(pathOf(token), 303);
    const { incoming, outgoing } = c.env as unknown as HttpBindings;
    outgoing.setHeader("referrer-policy", "no-referrer");
    await slack.oauth.handleInstall(incoming, outgoing, found.id);
    return RESPONSE_ALREADY_SENT;
  });

  return router.openapi(acceptRoute, async (c) => {
    const body = c.req.valid("json");
    const accepted = await acceptInvitation(deps.prisma, deps.publicUrl, {
      token: c.req.valid("param").token,
      email: body.email,
      name: body.name,
      company: body.company,
      accountId: body.account_id,
      flow: body.flow_id ? { kind: "existing", flowId: body.flow_id } : body.flow ? { kind: "new" } : null,
      issueKeyForNewAccount: true,
    });
    return c.json(
      {
        created: accepted.created,
        connection: accepted.connection,
        account: accepted.account,
        user: accepted.user,
        account_api_key: accepted.accountApiKey,
        needs_destination: accepted.needsDestination,
      },
      accepted.created ? 201 : 200,
    );
  });
}
