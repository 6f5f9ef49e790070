import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

/** Optional sign, optional currency sign (either order), digits with or without thousands commas. */
const NUMBER_PATTERN = /^([+-]?)\s*[$€£¥]?\s*([+-]?)\s*(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?$/;

/**
 * Number: thousands separators and a currency sign are stripped ("$250,000" -> 250000,
 * "-$1,234.50" -> -1234.5). Commas must group thousands ("1,23" is invalid); no exponents.
 */
export function normaliseNumber(raw: string): NormalisedValue {
  const match = NUMBER_PATTERN.exec(raw.trim());
  if (!match) return invalidValue(raw);
  const [, outerSign = "", innerSign = "", whole = "", fraction = ""] = match;
  if (outerSign && innerSign) return invalidValue(raw);
  if (!whole && !fraction) return invalidValue(raw);
  const value = Number(`${outerSign || innerSign}${whole.replaceAll(",", "") || "0"}${fraction}`);
  if (!Number.isFinite(value)) return invalidValue(raw);
  return validValue(Object.is(value, -0) ? 0 : value);
}
