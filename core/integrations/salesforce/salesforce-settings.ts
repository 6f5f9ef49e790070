import { z } from "zod";

/**
 * Per-destination Salesforce settings: the REST API version and the Lead external id field
 * (a unique, External ID text field of at least 36 characters) used as the upsert key.
 */
export const salesforceSettingsSchema = z.object({
  apiVersion: z
    .string()
    .regex(/^v\d{2,3}\.0$/, "an API version looks like v62.0")
    .default("v62.0"),
  externalIdField: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, "a Salesforce field API name, e.g. LeadRelay_Id__c")
    .default("LeadRelay_Id__c"),
});
export type SalesforceSettings = z.infer<typeof salesforceSettingsSchema>;
