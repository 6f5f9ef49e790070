import { z } from "zod";

/** One outbound field: the destination's field name and a Handlebars template over the lead. */
export const fieldMappingSchema = z.object({
  to: z.string().min(1).max(200),
  template: z.string().max(2000),
});
export const fieldMappingsSchema = z.array(fieldMappingSchema).max(500);

export type FieldMapping = z.infer<typeof fieldMappingSchema>;
