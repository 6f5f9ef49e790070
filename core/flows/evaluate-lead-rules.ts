import { normaliseValue } from "../leads/field-types/field-type.ts";
import { fieldTypeOf } from "../leads/normalise-lead.ts";
import { standardField } from "../leads/standard-fields.ts";
import { fieldNameSegments } from "../leads/submission-fields.ts";
import type { LeadRule, FlowField } from "./flow-config.ts";

/** The parts of a normalised lead acceptance looks at (see normaliseLead). */
export interface LeadRulesCandidate {
  fields: Record<string, unknown>;
  invalid: readonly string[];
}

export type LeadRulesVerdict = { accepted: true } | { accepted: false; reason: string };

/**
 * Decides whether a flow accepts a lead. Required flow fields are checked first, in flow order
 * ("Missing required field: <Label>"), then every rule in order; the first failure is the reason.
 * Reasons are fixed texts that never contain the lead's values. Labels: the flow field's label,
 * else the standard field's, else the field name.
 *
 * Values are compared in normal form: the rule's value is normalised with the field's type (flow
 * field type, else standard type, else text) and compared case-insensitively, so "tx" matches
 * state "TX", "yes" matches boolean true and "$250,000" matches 250000. A blank field compares as "".
 * "format is valid" fails for a blank field as well as for an invalid one.
 */
export function evaluateLeadRules(
  lead: LeadRulesCandidate,
  flowFields: readonly FlowField[],
  rules: readonly LeadRule[],
): LeadRulesVerdict {
  const labelOf = (name: string): string => flowFields.find((field) => field.name === name)?.label ?? standardField(name)?.label ?? name;

  for (const field of flowFields) {
    if (field.required && isBlank(valueAt(lead.fields, field.name))) {
      return { accepted: false, reason: `Missing required field: ${labelOf(field.name)}` };
    }
  }

  for (const rule of rules) {
    if (!rulePasses(rule, lead, flowFields)) {
      return { accepted: false, reason: rule.reason ?? defaultReason(rule, labelOf(rule.field)) };
    }
  }
  return { accepted: true };
}

function rulePasses(rule: LeadRule, lead: LeadRulesCandidate, flowFields: readonly FlowField[]): boolean {
  const value = valueAt(lead.fields, rule.field);
  const ruleValueKey = (configured: string): string => comparisonKey(normaliseValue(fieldTypeOf(rule.field, flowFields), configured).value);
  switch (rule.operator) {
    case "is blank":
      return isBlank(value);
    case "is not blank":
      return !isBlank(value);
    case "format is valid":
      return !isBlank(value) && !lead.invalid.includes(rule.field);
    case "is equal to":
      return fieldComparisonKey(value) === ruleValueKey(rule.value);
    case "is included in": {
      const key = fieldComparisonKey(value);
      return rule.values.some((configured) => ruleValueKey(configured) === key);
    }
    case "is not a duplicate":
      // Needs the flow's earlier leads: intake checks it against the database (core/intake/duplicate-check.ts).
      return true;
  }
}

function defaultReason(rule: LeadRule, label: string): string {
  switch (rule.operator) {
    case "is blank":
      return `${label} must be blank`;
    case "is not blank":
      return `Missing required field: ${label}`;
    case "format is valid":
      return `Invalid ${label}`;
    case "is equal to":
      return `${label} is not ${rule.value}`;
    case "is included in":
      return `${label} is not an accepted value`;
    case "is not a duplicate":
      return "Duplicate";
  }
}

/** The value at a dotted name in nested fields (own properties only). */
export function valueAt(fields: Record<string, unknown>, name: string): unknown {
  const segments = fieldNameSegments(name);
  if (!segments) return undefined;
  let node: unknown = fields;
  for (const segment of segments) {
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, segment)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** Field values compare as lower-cased text; a blank field as "", a branch (object) as nothing. */
function fieldComparisonKey(value: unknown): string | undefined {
  if (isBlank(value)) return "";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return comparisonKey(value);
  return undefined;
}

function comparisonKey(value: string | number | boolean): string {
  return String(value).trim().toLowerCase();
}
