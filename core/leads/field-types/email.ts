import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

/** local@domain.tld: no whitespace, exactly one "@", a dotted domain without empty labels. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
const MAX_EMAIL_LENGTH = 254;

/** Email address: trimmed and lower-cased. */
export function normaliseEmail(raw: string): NormalisedValue {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !EMAIL_PATTERN.test(email)) return invalidValue(raw);
  return validValue(email);
}
