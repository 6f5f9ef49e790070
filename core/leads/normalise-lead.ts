import { normaliseValue, type FieldType } from "./field-types/field-type.ts";
import { standardFieldType } from "./standard-fields.ts";
import { canonicalFieldName, nestFields } from "./submission-fields.ts";

/** A field a flow declares with its own type (it overrides a standard field of the same name). */
export interface CustomFieldType {
  name: string;
  /** Absent: the standard field's type, else text. */
  type?: FieldType;
}

export interface NormalisedLead {
  /** Nested normal values; empty submitted values are absent. */
  fields: Record<string, unknown>;
  /** Nested raw strings exactly as submitted, empty ones included. */
  raw: Record<string, unknown>;
  /** Dotted names of fields whose value did not parse as their type (kept, never rejected). */
  invalid: string[];
  isTest: boolean;
}

/** The type of a field: the custom definition first, then the standard field, else text. */
export function fieldTypeOf(name: string, customFields: readonly CustomFieldType[]): FieldType {
  const canonical = canonicalFieldName(name) ?? name;
  const custom = customFields.find((field) => (canonicalFieldName(field.name) ?? field.name) === canonical);
  return custom?.type ?? standardFieldType(canonical) ?? "text";
}

/**
 * Normalises a flat submission (see flattenSubmission) field by field. Invalid values keep their
 * trimmed raw string as normal value and are listed in `invalid`. A value that `nestFields` drops
 * (a name that is also a branch, e.g. "a" next to "a.b") is not listed.
 */
export function normaliseLead(flat: Record<string, string>, customFields: readonly CustomFieldType[]): NormalisedLead {
  const raw: Record<string, string> = {};
  const normal: Record<string, string | number | boolean> = {};
  const validity = new Map<string, boolean>();
  for (const [key, value] of Object.entries(flat)) {
    const name = canonicalFieldName(key);
    if (name === undefined) continue;
    raw[name] = value;
    if (value.trim() === "") {
      delete normal[name];
      validity.delete(name);
      continue;
    }
    const normalised = normaliseValue(fieldTypeOf(name, customFields), value);
    normal[name] = normalised.value;
    validity.set(name, normalised.valid);
  }

  const branchNames = new Set(Object.keys(normal).flatMap(parentNames));
  const invalid = [...validity].filter(([name, valid]) => !valid && !branchNames.has(name)).map(([name]) => name);

  const isTestRaw = raw["is_test"];
  const isTest = isTestRaw !== undefined && normaliseValue("boolean", isTestRaw).value === true;

  return { fields: nestFields(normal), raw: nestFields(raw), invalid, isTest };
}

/** "a.b.c" -> ["a", "a.b"]. */
function parentNames(name: string): string[] {
  const segments = name.split(".");
  return segments.slice(1).map((_, index) => segments.slice(0, index + 1).join("."));
}
