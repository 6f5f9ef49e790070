import { parsePhoneNumberFromString } from "libphonenumber-js";
import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

const NANP_CALLING_CODE = "1";

/**
 * Phone number. North American numbers (calling code 1: "(512) 555-0134", "+1 512.555.0134",
 * "1-512-555-0134") become the 10-digit national number "5125550134"; other countries' numbers
 * (written with "+" or an international prefix such as "011") become E.164 ("+442079460958").
 * Extensions are not part of the normal value. The whole value must be the number (no surrounding
 * text), and numbers that are not valid for their country are invalid.
 */
export function normalisePhone(raw: string): NormalisedValue {
  const phone = parsePhoneNumberFromString(raw.trim(), { defaultCountry: "US", extract: false });
  if (!phone?.isValid()) return invalidValue(raw);
  return validValue(phone.countryCallingCode === NANP_CALLING_CODE ? phone.nationalNumber : phone.number);
}
