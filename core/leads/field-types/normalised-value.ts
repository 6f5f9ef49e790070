/** The outcome of normalising one raw submitted value. */
export interface NormalisedValue {
  value: string | number | boolean;
  valid: boolean;
}

/** A value that parsed: `value` is its normal form. */
export function validValue(value: string | number | boolean): NormalisedValue {
  return { value, valid: true };
}

/**
 * A value that did not parse. Invalid formats never reject a lead: the normal value is the trimmed
 * raw string and the field is reported invalid.
 */
export function invalidValue(raw: string): NormalisedValue {
  return { value: raw.trim(), valid: false };
}
