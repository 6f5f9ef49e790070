/**
 * Submitted field names and values: flattening a submission (JSON / XML body, form body, query
 * string) into one flat map of dotted names, and nesting a flat map back into objects.
 *
 * Field names are dotted paths ("mortgage.loan.amount"). Each segment keeps its case but is
 * trimmed; empty segments are ignored ("a..b" and " a . b " are "a.b"). A name with any segment
 * "__proto__", "constructor" or "prototype" is dropped everywhere, so no caller can reach an
 * object's prototype through a field name.
 */

const RESERVED_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Nested bodies deeper than this many levels are not read (protects the recursion). */
const MAX_BODY_DEPTH = 32;

/** The canonical segments of a field name, or undefined if the name is empty or reserved. */
export function fieldNameSegments(name: string): string[] | undefined {
  const segments = name
    .split(".")
    .map((segment) => segment.trim())
    .filter((segment) => segment !== "");
  if (segments.length === 0 || segments.some((segment) => RESERVED_SEGMENTS.has(segment))) return undefined;
  return segments;
}

/** The canonical dotted form of a field name ("  mortgage. loan " -> "mortgage.loan"), or undefined if dropped. */
export function canonicalFieldName(name: string): string | undefined {
  return fieldNameSegments(name)?.join(".");
}

/**
 * Flattens a submission into dotted field name -> string value.
 *
 * Body: nested objects (JSON, XML) become dotted names; flat bodies with dotted keys (forms) are
 * taken as they are; both may be mixed. Numbers, booleans and bigints are stringified; null and
 * undefined are absent. An array of scalars is one value joined with "," (`["auto","home"]` ->
 * "auto,home", also for repeated form keys); an array holding any object or array is indexed
 * instead (`items.0.sku`, `items.1.sku`). Empty arrays and objects contribute nothing.
 *
 * Query: a repeated key takes its last value. Query values win over body values: a query name
 * replaces the body's value of that name, every body name below it ("a" replaces "a.b") and any
 * body value on its path ("a.b" replaces "a").
 */
export function flattenSubmission(
  body: Record<string, unknown>,
  query: Record<string, string | string[]>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  flattenObject(flat, [], body, 0);

  const queryValues = new Map<string, string>();
  for (const [key, value] of Object.entries(query)) {
    const name = canonicalFieldName(key);
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (name !== undefined && typeof last === "string") queryValues.set(name, last);
  }
  for (const name of queryValues.keys()) {
    for (const bodyName of Object.keys(flat)) {
      if (bodyName === name || bodyName.startsWith(`${name}.`) || name.startsWith(`${bodyName}.`)) delete flat[bodyName];
    }
  }
  for (const [name, value] of queryValues) flat[name] = value;
  return flat;
}

function flattenObject(flat: Record<string, string>, path: string[], object: object, depth: number): void {
  for (const [key, value] of Object.entries(object)) {
    const segments = fieldNameSegments(key);
    if (segments) flattenValue(flat, [...path, ...segments], value, depth + 1);
  }
}

function flattenValue(flat: Record<string, string>, path: string[], value: unknown, depth: number): void {
  if (depth > MAX_BODY_DEPTH) return;
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    flat[path.join(".")] = scalar;
  } else if (Array.isArray(value)) {
    if (value.every((item) => item === null || item === undefined || scalarText(item) !== undefined)) {
      const items = value.flatMap((item) => scalarText(item) ?? []);
      if (items.length > 0) flat[path.join(".")] = items.join(",");
    } else {
      value.forEach((item, index) => flattenValue(flat, [...path, String(index)], item, depth + 1));
    }
  } else if (typeof value === "object" && value !== null) {
    flattenObject(flat, path, value, depth);
  }
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return undefined;
}

/**
 * Nests a flat map of dotted names: `{"mortgage.loan.amount": 1}` -> `{mortgage: {loan: {amount: 1}}}`.
 * Never throws. Names are canonicalised as above; reserved names are dropped. When a name is both a
 * value and a branch (`a = 1` and `a.b = 2`) the branch wins whatever the order: `{a: {b: 2}}`.
 * If two names canonicalise to the same one, the later value wins.
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
