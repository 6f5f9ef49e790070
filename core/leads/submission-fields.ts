/**
 * Submitted field names and values: flattening a submission (JSON / XML body, form body, query
 * string) into one flat map of dotted names, and nesting a flat map back into objects.
 *
 * Field names are dotted paths ("mortgage.loan.amount"). Each segment keeps its case but is
 * trimmed; empty segments are ignored ("a..b" and " a . b " are "a.b"). A segment that names a
 * member of Object.prototype ("__proto__", "constructor", "toString", "valueOf", …) or is
 * "prototype" is reserved: a stored lead never has such a key, so no field name can reach an
 * object's prototype or shadow a method that code rendering the lead calls (`String(value)`).
 * flattenSubmission still reports such names, so intake can say which ones it ignored.
 */

const RESERVED_SEGMENTS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

/** Limits of one submission; over any of them the submission is refused with the reason. */
export const SUBMISSION_LIMITS = {
  /** Fields after flattening (query string included). */
  maxFields: 1_000,
  /** Characters of one canonical dotted field name. */
  maxNameLength: 256,
  /** Segments of one field name, counting nested objects and arrays ("a.b.c" is 3). */
  maxDepth: 32,
} as const;

export function isReservedSegment(segment: string): boolean {
  return RESERVED_SEGMENTS.has(segment);
}

/** The trimmed, non-empty segments of a field name, reserved ones included. */
export function splitFieldName(name: string): string[] {
  return name
    .split(".")
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "");
}

/** The canonical segments of a field name, or undefined if the name is empty or has a reserved segment. */
export function fieldNameSegments(name: string): string[] | undefined {
  const segments = splitFieldName(name);
  if (segments.length === 0 || segments.some(isReservedSegment)) return undefined;
  return segments;
}

/** The canonical dotted form of a field name ("  mortgage. loan " -> "mortgage.loan"), or undefined if dropped. */
export function canonicalFieldName(name: string): string | undefined {
  return fieldNameSegments(name)?.join(".");
}

export type FlatSubmission = { ok: true; fields: Record<string, string> } | { ok: false; reason: string };

/** Thrown inside flattening to stop at the first exceeded limit. */
class SubmissionLimitExceeded extends Error {}

/**
 * Flattens a submission into dotted field name -> string value, in a prototype-free record.
 *
 * Body: nested objects (JSON, XML) become dotted names; flat bodies with dotted keys (forms) are
 * taken as they are; both may be mixed. Numbers, booleans and bigints are stringified; null and
 * undefined are absent. An array of scalars is one value joined with "," (`["auto","home"]` ->
 * "auto,home", also for repeated form keys); an array holding any object or array is indexed
 * instead (`items.0.sku`, `items.1.sku`). Empty arrays and objects contribute nothing. Names are
 * canonicalised, but names with reserved segments are kept here (normaliseLead decides on them).
 *
 * Query: a repeated key takes its last value. Query values win over body values: a query name
 * replaces the body's value of that name, every body name below it ("a" replaces "a.b") and any
 * body value on its path ("a.b" replaces "a").
 *
 * Refused (never thrown): more than SUBMISSION_LIMITS.maxFields fields, a name longer than
 * maxNameLength, or a name / nesting deeper than maxDepth.
 */
export function flattenSubmission(body: Record<string, unknown>, query: Record<string, string | string[]>): FlatSubmission {
  const flat = new Map<string, string>();
  try {
    flattenObject(flat, [], body);
    const queryValues = new Map<string, string>();
    for (const [key, value] of Object.entries(query)) {
      const segments = splitFieldName(key);
      const last = Array.isArray(value) ? value.at(-1) : value;
      if (segments.length && typeof last === "string") queryValues.set(checkedName(segments), last);
      if (queryValues.size > SUBMISSION_LIMITS.maxFields)
        throw new SubmissionLimitExceeded(`More than ${SUBMISSION_LIMITS.maxFields} fields`);
    }
    for (const name of queryValues.keys()) {
      for (const bodyName of flat.keys()) {
        if (bodyName === name || bodyName.startsWith(`${name}.`) || name.startsWith(`${bodyName}.`)) flat.delete(bodyName);
      }
    }
    for (const [name, value] of queryValues) setField(flat, name, value);
  } catch (error) {
    if (error instanceof SubmissionLimitExceeded) return { ok: false, reason: error.message };
    throw error;
  }
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of flat) fields[name] = value;
  return { ok: true, fields };
}

function checkedName(segments: string[]): string {
  if (segments.length > SUBMISSION_LIMITS.maxDepth) {
    throw new SubmissionLimitExceeded(`Fields are nested deeper than ${SUBMISSION_LIMITS.maxDepth} levels`);
  }
  const name = segments.join(".");
  if (name.length > SUBMISSION_LIMITS.maxNameLength) {
    throw new SubmissionLimitExceeded(`A field name is longer than ${SUBMISSION_LIMITS.maxNameLength} characters`);
  }
  return name;
}

function setField(flat: Map<string, string>, name: string, value: string): void {
  flat.set(name, value);
  if (flat.size > SUBMISSION_LIMITS.maxFields) throw new SubmissionLimitExceeded(`More than ${SUBMISSION_LIMITS.maxFields} fields`);
}

function flattenObject(flat: Map<string, string>, path: string[], object: object): void {
  for (const [key, value] of Object.entries(object)) {
    const segments = splitFieldName(key);
    if (segments.length) flattenValue(flat, [...path, ...segments], value);
  }
}

function flattenValue(flat: Map<string, string>, path: string[], value: unknown): void {
  if (path.length > SUBMISSION_LIMITS.maxDepth) checkedName(path);
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    setField(flat, checkedName(path), scalar);
  } else if (Array.isArray(value)) {
    if (value.every((item) => item === null || item === undefined || scalarText(item) !== undefined)) {
      const items = value.flatMap((item) => scalarText(item) ?? []);
      if (items.length > 0) setField(flat, checkedName(path), items.join(","));
    } else {
      value.forEach((item, index) => flattenValue(flat, [...path, String(index)], item));
    }
  } else if (typeof value === "object" && value !== null) {
    flattenObject(flat, path, value);
  }
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

/**
 * Nests a flat map of dotted names: `{"mortgage.loan.amount": 1}` -> `{mortgage: {loan: {amount: 1}}}`.
 * Never throws. Names are canonicalised as above; names with a reserved segment are dropped. When
 * a name is both a value and a branch (`a = 1` and `a.b = 2`) the branch wins whatever the order:
 * `{a: {b: 2}}`. If two names canonicalise to the same one, the later value wins.
 */
export function nestFields<T>(flat: Record<string, T>): Record<string, unknown> {
  const entries = Object.entries(flat)
    .flatMap(([name, value]) => {
      const segments = fieldNameSegments(name);
      return segments ? [{ segments, value }] : [];
    })
    // Shallow names first, so a deeper name always turns a value on its path into a branch.
    .sort((a, b) => a.segments.length - b.segments.length);

  const root: Record<string, unknown> = {};
  const branches = new WeakSet<object>([root]);
  for (const { segments, value } of entries) {
    let node = root;
    for (const segment of segments.slice(0, -1)) {
      const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (typeof next === "object" && next !== null && branches.has(next)) {
        node = next as Record<string, unknown>;
      } else {
        const branch: Record<string, unknown> = {};
        branches.add(branch);
        node[segment] = branch;
        node = branch;
      }
    }
    const leaf = segments.at(-1) ?? "";
    const existing = Object.hasOwn(node, leaf) ? node[leaf] : undefined;
    if (typeof existing === "object" && existing !== null && branches.has(existing)) continue;
    node[leaf] = value;
  }
  return root;
}
