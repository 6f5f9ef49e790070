import { validValue, type NormalisedValue } from "./normalised-value.ts";

/** Free text: trimmed, always valid. */
export function normaliseText(raw: string): NormalisedValue {
  return validValue(raw.trim());
}
