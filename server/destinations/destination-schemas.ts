import { z } from "@hono/zod-openapi";
import { destinationInputSchema, destinationUpdateSchema } from "../../core/destinations/destination-input.ts";

export const destinationSchema = z
  .object({
    id: z.string(),
    integration: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    auth_method: z.string().nullable(),
    action: z.string(),
    settings: z.unknown(),
    mappings: z.unknown(),
    credentials: z.record(z.string(), z.string()).describe("Masked hints of the stored credentials; the values are write-only"),
    health: z.enum(["healthy", "unhealthy", "disabled"]),
    health_reason: z.string().nullable(),
    unhealthy_since: z.string().nullable(),
    version: z.number(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Destination");

export const destinationCreateBody = destinationInputSchema.openapi("DestinationInput");
export const destinationUpdateBody = destinationUpdateSchema.openapi("DestinationUpdate");

export const verificationFailedSchema = z
  .object({
    error: z.object({
      code: z.literal("verification_failed"),
      message: z.string(),
      details: z.object({ problems: z.array(z.object({ field: z.string(), message: z.string() })) }),
    }),
  })
  .openapi("VerificationFailed");
