import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

/** US ZIP, optionally ZIP+4 written with a hyphen, a space or nothing between the parts. */
const US_ZIP = /^(\d{5})(?:[-\s]?(\d{4}))?$/;
/** Canadian postal code ("K1A 0B1"): letters D F I O Q U never appear, W Z never first. */
const CANADIAN_POSTAL_CODE = /^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z])[-\s]?(\d[ABCEGHJ-NPRSTV-Z]\d)$/;

/**
 * Postal code, upper-cased and trimmed: US ZIP "78701" or ZIP+4 "78701-1234" ("787011234" ->
 * "78701-1234"), Canadian "k1a0b1" -> "K1A 0B1". Anything else is invalid.
 */
export function normalisePostalCode(raw: string): NormalisedValue {
  const text = raw.trim().toUpperCase();
  const zip = US_ZIP.exec(text);
  if (zip) return validValue(zip[2] ? `${zip[1]}-${zip[2]}` : `${zip[1]}`);
  const canadian = CANADIAN_POSTAL_CODE.exec(text);
  if (canadian) return validValue(`${canadian[1]} ${canadian[2]}`);
  return invalidValue(raw);
}
