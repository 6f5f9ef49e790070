import { z } from "zod";
import { fieldMappingsSchema } from "../mappings/field-mapping.ts";

/** A destination as the buyer configures it (the guide's step 3), validated at every edge. */
export const destinationInputSchema = z.object({
  integration: z.string().min(1),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(1000).nullish(),
  auth_method: z.string().nullish(),
  action: z.string().optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
  mappings: fieldMappingsSchema.optional(),
  /** Write-only. On update, fields left out keep their stored value. */
  credentials: z.record(z.string(), z.string().max(10_000)).optional(),
  /** Paid accounts: the flow whose leads go here (a partner's one flow is used automatically). */
  flow_id: z.uuid().optional(),
});
export type DestinationInput = z.infer<typeof destinationInputSchema>;

/** Every field optional and none defaulted: what is left out keeps its stored value. */
export const destinationUpdateSchema = destinationInputSchema
  .omit({ integration: true, flow_id: true })
  .extend({ settings: z.record(z.string(), z.unknown()) })
  .partial();
export type DestinationUpdate = z.infer<typeof destinationUpdateSchema>;
