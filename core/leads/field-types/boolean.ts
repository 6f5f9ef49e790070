import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

const TRUE_WORDS = new Set(["y", "yes", "true", "1", "on"]);
const FALSE_WORDS = new Set(["n", "no", "false", "0", "off"]);

/** Boolean from y/yes/true/1/on and n/no/false/0/off, any case. */
export function normaliseBoolean(raw: string): NormalisedValue {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return validValue(true);
  if (FALSE_WORDS.has(word)) return validValue(false);
  return invalidValue(raw);
}
