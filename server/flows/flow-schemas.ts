import { z } from "@hono/zod-openapi";
import { CAP_PERIODS } from "../../core/caps/source-cap.ts";
import { leadRuleSchema, flowFieldSchema } from "../../core/flows/flow-config.ts";
import { accountRefSchema } from "../accounts/account-schemas.ts";

// The flow config schemas come from core (plain zod, created before @hono/zod-openapi extends
// zod), so they carry no .openapi() names; descriptions use zod's own .describe().

export const flowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    fields: z.array(flowFieldSchema),
    rules: z.array(leadRuleSchema),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Flow");

export const capSchema = z
  .object({
    period: z.enum(CAP_PERIODS),
    limit: z.number().int(),
    timezone: z.string().openapi({ description: "IANA time zone the windows follow (weeks start on Monday)", example: "America/Chicago" }),
  })
  .openapi("SourceCap");

export const sourceSchema = z
  .object({
    id: z.string(),
    flow_id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    seller_account: accountRefSchema.nullable().openapi({ description: "Set for an Account Source: the seller posting through it" }),
    connection: z.object({ id: z.string(), status: z.enum(["active", "paused", "ended"]) }).nullable(),
    caps: z
      .array(capSchema)
      .openapi({ description: 'Volume caps of live leads (PATCH /flows/{id} sets them); a lead over any is rejected with "Cap reached"' }),
    posting_key_hint: z.string(),
    submit_url: z.string(),
    docs_url: z.string(),
    created_at: z.string(),
  })
  .openapi("Source");

export const flowStepSchema = z
  .object({
    id: z.string(),
    destination_id: z.string(),
    destination_name: z.string(),
    integration: z.string(),
    position: z.number(),
    enabled: z.boolean(),
  })
  .openapi("FlowStep");

export const flowDetailSchema = flowSchema.extend({ sources: z.array(sourceSchema), steps: z.array(flowStepSchema) }).openapi("FlowDetail");
