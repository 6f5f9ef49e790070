import { createRoute, z } from "@hono/zod-openapi";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { listEvents } from "../../core/events/list-events.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json } from "../openapi/json-content.ts";
import { errorSchema, eventSchema } from "../openapi-schemas.ts";

const listQuery = z.object({
  flow_id: z.uuid().optional(),
  lead_id: z.uuid().optional(),
  outcome: z.enum(["success", "failure", "error", "skip"]).optional(),
  type: z.enum(["source", "filter", "recipient", "delivery", "notification", "destination", "account"]).optional(),
  test: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .openapi({ description: "Only test (true) or only live (false) events" }),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.uuid().optional().openapi({ description: "next_cursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const listRoute = createRoute({
  method: "get",
  path: "/events",
  operationId: "listEvents",
  tags: ["Events"],
  summary: "The account's events, newest first",
  request: { query: listQuery },
  responses: {
    200: json(z.object({ events: z.array(eventSchema), next_cursor: z.string().nullable() }), "One page of events"),
    400: json(errorSchema, "Bad filter"),
  },
});

export function eventRoutes(prisma: PrismaClient) {
  return createRouter(accountKey(prisma)).openapi(listRoute, async (c) => {
    const q = c.req.valid("query");
    const page = await listEvents(prisma, c.get("accountId"), {
      flowId: q.flow_id,
      leadId: q.lead_id,
      outcome: q.outcome,
      type: q.type,
      isTest: q.test,
      since: q.since ? new Date(q.since) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json({ events: page.events, next_cursor: page.nextCursor }, 200);
  });
}
