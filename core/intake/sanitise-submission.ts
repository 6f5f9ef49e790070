import { storableText } from "../db/storable-text.ts";

/**
 * NUL and UTF-16 surrogates that are not part of a pair: JavaScript strings may hold them, but
 * PostgreSQL text and jsonb cannot ("unsupported Unicode escape sequence", "invalid byte
 * sequence"). Left in, a lead carrying one could never be stored, however often it was retried.
 */
const REPLACEMENT = "\ufffd";

export interface SanitisedSubmission {
  /** The submission with every unstorable character replaced by U+FFFD. */
  fields: Record<string, string>;
  /**
   * Names (as stored) of the fields whose name or value holds U+FFFD: characters replaced here,
   * or bytes the body's charset could not decode, or a U+FFFD the seller sent as such.
   */
  replaced: string[];
}

/**
 * THE one place intake makes a submission storable: every field name and value, whatever body
 * type it came from (JSON escapes, form and query percent-escapes, XML, multipart). The lead is
 * then accepted with the replacement characters, and `replaced` says which fields carry them.
 */
export function sanitiseSubmission(fields: Record<string, string>): SanitisedSubmission {
  const clean = Object.create(null) as Record<string, string>;
  const replaced: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    const storableName = storableText(name);
    const storableValue = storableText(value);
    clean[storableName] = storableValue;
    if (storableName.includes(REPLACEMENT) || storableValue.includes(REPLACEMENT)) replaced.push(storableName);
  }
  return { fields: clean, replaced };
}
