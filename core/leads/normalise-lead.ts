import { normaliseValue, type FieldType } from "./field-types/field-type.ts";
import { STANDARD_FIELDS, standardFieldType } from "./standard-fields.ts";
import { canonicalFieldName, isReservedSegment, nestFields, splitFieldName } from "./submission-fields.ts";

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
  /**
   * Submitted names that were not stored: names with a reserved segment ("a.__proto__",
   * "first.toString" below a custom field), and names below a standard or declared field that
   * also had a value of its own.
   */
  ignored: string[];
  isTest: boolean;
}

/** The type of a field: the custom definition first, then the standard field, else text. */
export function fieldTypeOf(name: string, customFields: readonly CustomFieldType[]): FieldType {
  const canonical = canonicalFieldName(name) ?? name;
  const custom = customFields.find((field) => (canonicalFieldName(field.name) ?? field.name) === canonical);
  return custom?.type ?? standardFieldType(canonical) ?? "text";
}

const STANDARD_FIELD_NAMES: ReadonlySet<string> = new Set(STANDARD_FIELDS.map((field) => field.name));

/**
 * Normalises a flat submission (see flattenSubmission) field by field. Invalid values keep their
 * trimmed raw string as normal value and are listed in `invalid`. A value that `nestFields` drops
 * (a name that is also a branch, e.g. "a" next to "a.b") is not listed.
 *
 * Standard and flow-declared fields hold one value each. When a submission gives one an object
 * instead (`{"email": {"valueOf": "1"}}`, or dotted names below it such as `first_name.toString`),
 * the object is kept as its JSON text, which becomes that field's raw and normal value and is
 * listed as invalid: the lead is stored, and whatever renders the field gets a string. If the field
 * also had a value of its own, that value wins and the names below it are `ignored`.
 */
export function normaliseLead(flat: Record<string, string>, customFields: readonly CustomFieldType[]): NormalisedLead {
  const declared = customFields.length ? new Set(customFields.map((field) => canonicalFieldName(field.name) ?? field.name)) : undefined;
  const values = new Map<string, string>();
  const objects = new Map<string, { path: string[]; value: string }[]>();
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(flat)) {
    const segments = splitFieldName(key);
    if (segments.length === 0) continue;
    const field = segments.length > 1 ? scalarFieldAbove(segments, declared) : undefined;
    if (field !== undefined) {
      const parts = objects.get(field) ?? [];
      parts.push({ path: segments.slice(field.split(".").length), value });
      objects.set(field, parts);
    } else if (segments.some(isReservedSegment)) {
      ignored.push(segments.join("."));
    } else {
      values.set(segments.length === 1 ? segments[0]! : segments.join("."), value);
    }
  }
  const objectFields = new Set<string>();
  for (const [field, parts] of objects) {
    if (values.has(field)) {
      ignored.push(...parts.map((part) => [field, ...part.path].join(".")));
    } else {
      values.set(field, objectText(parts));
      objectFields.add(field);
    }
  }

  const normal = new Map<string, string | number | boolean>();
  const invalidNames: string[] = [];
  for (const [name, value] of values) {
    if (value.trim() === "") continue;
    const normalised = normaliseValue(fieldTypeOf(name, customFields), value);
    normal.set(name, normalised.value);
    if (!normalised.valid || objectFields.has(name)) invalidNames.push(name);
  }

  const branchNames = new Set([...normal.keys()].flatMap(parentNames));
  const invalid = branchNames.size ? invalidNames.filter((name) => !branchNames.has(name)) : invalidNames;

  const isTestRaw = values.get("is_test");
  const isTest = isTestRaw !== undefined && normaliseValue("boolean", isTestRaw).value === true;

  // Reserved names were set aside above, so these records cannot reach a prototype.
  return { fields: nestFields(Object.fromEntries(normal)), raw: nestFields(Object.fromEntries(values)), invalid, ignored, isTest };
}

/** The standard or declared field strictly above a name ("email" for "email.valueOf"), if any. */
function scalarFieldAbove(segments: string[], declared: ReadonlySet<string> | undefined): string | undefined {
  if (STANDARD_FIELD_NAMES.has(segments[0]!)) return segments[0];
  if (!declared) return undefined;
  let prefix = segments[0]!;
  for (let length = 1; length < segments.length; length++) {
    if (declared.has(prefix)) return prefix;
    prefix = `${prefix}.${segments[length]}`;
  }
  return undefined;
}

/** JSON text of the parts of an object value, nested by path (a branch wins over a value on its path). */
function objectText(parts: { path: string[]; value: string }[]): string {
  const root = Object.create(null) as Record<string, unknown>;
  for (const { path, value } of [...parts].sort((a, b) => a.path.length - b.path.length)) {
    let node = root;
    for (const segment of path.slice(0, -1)) {
      const next = node[segment];
      if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
      else node = node[segment] = Object.create(null) as Record<string, unknown>;
    }
    const leaf = path.at(-1)!;
    if (typeof node[leaf] !== "object" || node[leaf] === null) node[leaf] = value;
  }
  return JSON.stringify(root);
}

/** "a.b.c" -> ["a", "a.b"]. */
function parentNames(name: string): string[] {
  if (!name.includes(".")) return [];
  const segments = name.split(".");
  return segments.slice(1).map((_, index) => segments.slice(0, index + 1).join("."));
}
