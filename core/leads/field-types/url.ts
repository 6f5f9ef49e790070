import { invalidValue, validValue, type NormalisedValue } from "./normalised-value.ts";

const WEB_URL_START = /^https?:\/\//i;

/**
 * URL: must be an absolute http(s) URL with a host. The normal value is the trimmed URL as sent
 * (not re-serialised, so e.g. a TrustedForm certificate URL stays byte-for-byte).
 */
export function normaliseUrl(raw: string): NormalisedValue {
  const text = raw.trim();
  if (!WEB_URL_START.test(text) || /\s/.test(text)) return invalidValue(raw);
  if (!URL.canParse(text)) return invalidValue(raw);
  const url = new URL(text);
  if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return invalidValue(raw);
  return validValue(text);
}
