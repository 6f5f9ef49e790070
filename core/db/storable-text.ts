/**
 * PostgreSQL cannot store a NUL character in text or jsonb, nor a lone UTF-16 surrogate in
 * jsonb; one such character in a batched statement fails every row of the batch. Text that
 * comes from outside (a destination's answer, a reason quoted from it) goes through these on the
 * way in: each such character becomes U+FFFD, everything else is kept as it is.
 */
export function storableText(text: string): string;
export function storableText(text: string | null): string | null;
export function storableText(text: string | null): string | null {
  if (text === null || !hasUnstorableText(text)) return text;
  return text.replace(UNSTORABLE, "\ufffd");
}

/** True when `text` holds a NUL or a lone UTF-16 surrogate. */
export function hasUnstorableText(text: string): boolean {
  return UNSTORABLE_ONE.test(text);
}

// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const UNSTORABLE_ONE = new RegExp(UNSTORABLE.source);

/**
 * JSON text as JSON.stringify writes it, made storable as jsonb: JSON.stringify writes NUL and
 * lone surrogates (in values and keys alike) as `\u0000` / `\udXXX` escapes, the only escapes
 * of that form it writes, so replacing those escapes (not an escaped backslash followed by
 * "u0000") is enough.
 */
export function storableJsonText(json: string): string {
  if (!json.includes("\\u")) return json;
  return json.replace(/(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/g, "$1\\ufffd");
}
