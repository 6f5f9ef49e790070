import { z } from "@hono/zod-openapi";

/** Schemas shared by several resources' routes. */
export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi("Error");

export const eventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    outcome: z.enum(["success", "failure", "error", "skip"]),
    reason: z.string().nullable(),
    ms: z.number().nullable(),
    is_test: z.boolean(),
    lead_id: z.string().nullable(),
    flow_id: z.string().nullable(),
    delivery_id: z.string().nullable(),
    destination_id: z.string().nullable(),
    attempt: z.number().nullable(),
    snapshot: z.unknown(),
    replay: z.boolean().describe("An attempt or final outcome of a replayed delivery (POST /destinations/{id}/replay)"),
    created_at: z.string(),
  })
  .openapi("Event");
