import { isIP } from "node:net";
import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

/** IP address, v4 ("203.0.113.7") or v6 (lower-cased: "2001:db8::1"). */
export function normaliseIpAddress(raw: string): NormalisedValue {
  const text = raw.trim();
  const version = isIP(text);
  if (version === 4) return validValue(text);
  if (version === 6) return validValue(text.toLowerCase());
  return invalidValue(raw);
}
