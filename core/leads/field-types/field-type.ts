import { normaliseBoolean } from "./boolean.ts";
import { normaliseDate } from "./date.ts";
import { normaliseEmail } from "./email.ts";
import { normaliseIpAddress } from "./ip-address.ts";
import type { NormalisedValue } from "./normalised-value.ts";
import { normaliseNumber } from "./number.ts";
import { normalisePhone } from "./phone.ts";
import { normalisePostalCode } from "./postal-code.ts";
import { normaliseText } from "./text.ts";
import { normaliseUrl } from "./url.ts";
import { normaliseUsState } from "./us-state.ts";

export type { NormalisedValue } from "./normalised-value.ts";

export const FIELD_TYPES = ["text", "phone", "email", "state", "postal_code", "boolean", "number", "date", "url", "ip"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const NORMALISERS: Record<FieldType, (raw: string) => NormalisedValue> = {
  text: normaliseText,
  phone: normalisePhone,
  email: normaliseEmail,
  state: normaliseUsState,
  postal_code: normalisePostalCode,
  boolean: normaliseBoolean,
  number: normaliseNumber,
  date: normaliseDate,
  url: normaliseUrl,
  ip: normaliseIpAddress,
};

/**
 * Normalises a raw value as the given type. Never throws: a value that does not parse comes back
 * as its trimmed raw string with `valid: false`.
 */
export function normaliseValue(type: FieldType, raw: string): NormalisedValue {
  return NORMALISERS[type](raw);
}
