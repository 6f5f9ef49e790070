import { createRoute, z } from "@hono/zod-openapi";
import { changeConnectionStatus, type ConnectionAction } from "../../core/connections/change-connection-status.ts";
import { getConnection } from "../../core/connections/get-connection.ts";
import { issueConnectionPostingKey } from "../../core/connections/issue-connection-posting-key.ts";
import { listConnections } from "../../core/connections/list-connections.ts";
import { notFound } from "../../core/refusal.ts";
import { errorResponses } from "../error-responses.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { pageQuerySchema, pageRequest, pageSchema } from "../pagination.ts";
import { connectionSchema } from "./connection-schema.ts";
import { idParams } from "../path-params.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json } from "../openapi/json-content.ts";

const params = idParams;

const listRoute = createRoute({
  method: "get",
  path: "/connections",
  operationId: "listConnections",
  tags: ["Connections"],
  summary: "The account's connections as seller and as buyer, newest first",
  request: {
    query: pageQuerySchema.extend({
      role: z.enum(["seller", "buyer"]).optional().openapi({ description: "Only connections where your account is this side" }),
      status: z.enum(["active", "paused", "ended"]).optional(),
    }),
  },
  responses: { 200: json(pageSchema("connections", connectionSchema), "One page of connections"), ...errorResponses(400) },
});

const getRoute = createRoute({
  method: "get",
  path: "/connections/{id}",
  operationId: "getConnection",
  tags: ["Connections"],
  summary: "One connection, seen from your side",
  description: "The seller finds its submit_url and docs_url here; the posting key itself comes from POST /connections/{id}/posting-key.",
  request: { params },
  responses: { 200: json(connectionSchema, "The connection"), ...errorResponses(404) },
});

const issuedPostingKeySchema = z
  .object({ posting_key: z.string(), submit_url: z.string(), docs_url: z.string(), connection: connectionSchema })
  .openapi("IssuedPostingKey");

const postingKeyRoute = createRoute({
  method: "post",
  path: "/connections/{id}/posting-key",
  operationId: "issuePostingKey",
  tags: ["Connections"],
  summary: "Issue the seller's posting key (rotates it)",
  description:
    "Seller only. Returns a new posting key for the connection's submit_url, shown this once and accepted at once; any previous key stops working at once. Call it once after the buyer accepts, and again to rotate.",
  request: { params },
  responses: {
    200: json(issuedPostingKeySchema, "The new posting key"),
    ...errorResponses(403, 404, 409),
  },
});

function statusRoute(action: ConnectionAction, summary: string, description: string) {
  return createRoute({
    method: "post",
    path: `/connections/{id}/${action}`,
    operationId: `${action}Connection`,
    tags: ["Connections"],
    summary,
    description,
    request: { params },
    responses: { 200: json(connectionSchema, "The connection"), ...errorResponses(404, 409) },
  });
}

const pauseRoute = statusRoute(
  "pause",
  "Pause a connection",
  'Either side. While paused the seller\'s leads are rejected (outcome failure, "Connection paused"). Idempotent; 409 connection_ended once ended.',
);
const resumeRoute = statusRoute("resume", "Resume a paused connection", "Either side. Idempotent; 409 connection_ended once ended.");
const endRoute = statusRoute(
  "end",
  "End a connection for good",
  'Either side. The seller\'s leads are rejected from then on (outcome failure, "Connection ended"); reconnecting takes a new invitation. Idempotent.',
);

export function connectionRoutes(deps: ManagementDeps) {
  return createRouter(accountKey(deps.prisma))
    .openapi(listRoute, async (c) => {
      const query = c.req.valid("query");
      const page = await listConnections(
        deps.prisma,
        c.get("accountId"),
        { role: query.role, status: query.status },
        pageRequest(query),
        deps.publicUrl,
      );
      return c.json({ connections: page.items, next_cursor: page.nextCursor }, 200);
    })
    .openapi(getRoute, async (c) => {
      const connection = await getConnection(deps.prisma, c.get("accountId"), c.req.valid("param").id, deps.publicUrl);
      if (!connection) throw notFound("connection");
      return c.json(connection, 200);
    })
    .openapi(postingKeyRoute, async (c) => {
      const { connection, postingKey, submitUrl, docsUrl } = await issueConnectionPostingKey(
        deps.prisma,
        c.get("accountId"),
        c.req.valid("param").id,
        deps.publicUrl,
        deps.sourceChanges,
      );
      return c.json({ posting_key: postingKey, submit_url: submitUrl, docs_url: docsUrl, connection }, 200);
    })
    .openapi(pauseRoute, async (c) =>
      c.json(
        await changeConnectionStatus(deps.prisma, c.get("accountId"), c.req.valid("param").id, "pause", deps.publicUrl, deps.sourceChanges),
        200,
      ),
    )
    .openapi(resumeRoute, async (c) =>
      c.json(
        await changeConnectionStatus(
          deps.prisma,
          c.get("accountId"),
          c.req.valid("param").id,
          "resume",
          deps.publicUrl,
          deps.sourceChanges,
        ),
        200,
      ),
    )
    .openapi(endRoute, async (c) =>
      c.json(
        await changeConnectionStatus(deps.prisma, c.get("accountId"), c.req.valid("param").id, "end", deps.publicUrl, deps.sourceChanges),
        200,
      ),
    );
}
