import { z } from "zod";
import { FIELD_TYPES } from "../leads/field-types/field-type.ts";
import { canonicalFieldName } from "../leads/submission-fields.ts";

/**
 * A field name as flows declare it: a dotted path of identifiers ("mortgage.loan_amount"), in
 * canonical form (no empty segments) and never reaching a prototype ("__proto__", "constructor",
 * "prototype" segments are refused).
 */
export const fieldNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, "Use letters, digits, _ and . (not starting with a digit or .)")
  .refine((name) => canonicalFieldName(name) === name, "Field name has an empty or reserved segment");

/** A field a flow accepts: a standard one (its type is the standard type unless given) or a custom one (text unless given). */
export const flowFieldSchema = z.object({
  name: fieldNameSchema,
  label: z.string().trim().min(1).max(100).optional(),
  type: z.enum(FIELD_TYPES).optional(),
  required: z.boolean().default(false),
});

export const flowFieldsSchema = z
  .array(flowFieldSchema)
  .max(200)
  .superRefine((fields, context) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.name)) {
        context.addIssue({ code: "custom", path: [index, "name"], message: `Duplicate field name: ${field.name}` });
      }
      seen.add(field.name);
    });
  });

export type FlowField = z.infer<typeof flowFieldSchema>;

export const LEAD_RULE_OPERATORS = [
  "is blank",
  "is not blank",
  "format is valid",
  "is equal to",
  "is included in",
  "is not a duplicate",
] as const;
export type LeadRuleOperator = (typeof LEAD_RULE_OPERATORS)[number];

/** Overrides the rule's default rejection reason. Shown to the seller: keep it short and PII-free. */
const ruleReasonSchema = z.string().trim().min(1).max(100).optional();
const ruleValueSchema = z.string().max(500);

/** One acceptance rule: a lead is accepted only if every rule passes. */
export const leadRuleSchema = z.discriminatedUnion("operator", [
  z.object({
    field: fieldNameSchema,
    operator: z.enum(["is blank", "is not blank", "format is valid"]),
    reason: ruleReasonSchema,
  }),
  z.object({
    field: fieldNameSchema,
    operator: z.literal("is equal to"),
    value: ruleValueSchema,
    reason: ruleReasonSchema,
  }),
  z.object({
    field: fieldNameSchema,
    operator: z.literal("is included in"),
    values: z.array(ruleValueSchema).min(1).max(500),
    reason: ruleReasonSchema,
  }),
  /** No earlier live lead of this flow had the same value in the last `within_days` (test leads never count). */
  z.object({
    field: fieldNameSchema,
    operator: z.literal("is not a duplicate"),
    within_days: z.number().int().min(1).max(365).default(30),
    reason: ruleReasonSchema,
  }),
]);
export const leadRulesSchema = z.array(leadRuleSchema).max(100);

export type LeadRule = z.infer<typeof leadRuleSchema>;
