import { z } from "zod";

/** Per-destination HubSpot settings: an optional static list every delivered contact joins. */
export const hubspotSettingsSchema = z.object({
  listId: z
    .string()
    .trim()
    .regex(/^\d{1,20}$/, "a HubSpot list id is a number (Contacts › Lists › the list's ID)")
    .optional(),
});
export type HubSpotSettings = z.infer<typeof hubspotSettingsSchema>;
