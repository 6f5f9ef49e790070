import { createRoute, z } from "@hono/zod-openapi";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { getLead } from "../../core/leads/get-lead.ts";
import { notFound } from "../../core/refusal.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json } from "../openapi/json-content.ts";
import { errorSchema, eventSchema } from "../openapi-schemas.ts";
import { idParams } from "../path-params.ts";

const leadSchema = z
  .object({
    id: z.string(),
    flow_id: z.string(),
    source_id: z.string(),
    status: z.enum(["accepted", "rejected", "delivered", "failed"]),
    is_test: z.boolean(),
    reason: z.string().nullable(),
    fields: z.unknown(),
    raw: z.unknown(),
    invalid: z.array(z.string()),
    created_at: z.string(),
    deliveries: z.array(
      z.object({
        id: z.string(),
        destination_id: z.string(),
        status: z.string(),
        attempts: z.number(),
        last_reason: z.string().nullable(),
        record_id: z.string().nullable(),
        next_attempt_at: z.string().nullable(),
        completed_at: z.string().nullable(),
      }),
    ),
    events: z.array(eventSchema),
  })
  .openapi("Lead");

const getLeadRoute = createRoute({
  method: "get",
  path: "/leads/{id}",
  operationId: "getLead",
  tags: ["Leads"],
  summary: "A lead with its deliveries and every event in order",
  request: { params: idParams },
  responses: {
    200: json(leadSchema, "The lead"),
    404: json(errorSchema, "No such lead in this account"),
  },
});

export function leadRoutes(prisma: PrismaClient) {
  return createRouter(accountKey(prisma)).openapi(getLeadRoute, async (c) => {
    const lead = await getLead(prisma, c.get("accountId"), c.req.valid("param").id);
    if (!lead) throw notFound("lead");
    return c.json(lead, 200);
  });
}
