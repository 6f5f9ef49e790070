import { z } from "zod";
import { secretHint } from "../../crypto/secret-token.ts";

/**
 * The custom headers a buyer sets on a webhook (usually an API key for their endpoint). Their
 * values are credentials: at save they move into the destination's sealed credentials (one
 * entry `header:<Name>` each), and the stored settings keep only a mask (`••••1234`), which is
 * what the API and the Slack bot show. Sending a header back with its mask unchanged keeps the
 * stored value. Rows saved before sealing existed hold the plain value in the settings: it is
 * still sent (read-time compatibility), shown masked, and sealed at the destination's next save.
 *
 * Names and values are checked at save: the HTTP layer owns `Host`, hop-by-hop and framing
 * headers, and no value may hold CR, LF, NUL or other control characters.
 */
export const MASK_PREFIX = "••••";
const HEADER_CREDENTIAL_PREFIX = "header:";
const PRINTABLE = /^[\t\x20-\x7e\x80-\xff]*$/;
const STORED_MASK = /^••••[\t\x20-\x7e\x80-\xff]{0,4}$/;
const FORBIDDEN = new Set([
  "host",
  "connection",
  "content-length",
  "transfer-encoding",
  "expect",
  "upgrade",
  "keep-alive",
  "te",
  "trailer",
]);

export const webhookHeadersSchema = z
  .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, "header names are letters, digits and dashes"), z.string().max(2000))
  .superRefine((headers, ctx) => {
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (FORBIDDEN.has(lower) || lower.startsWith("proxy-")) {
        ctx.addIssue({ code: "custom", path: [name], message: `Header ${name} cannot be set: the HTTP layer sets it` });
      } else if (seen.has(lower)) {
        ctx.addIssue({ code: "custom", path: [name], message: `Header ${name} is given twice` });
      }
      seen.add(lower);
      // Tab and printable Latin-1 only: no CR/LF (header injection), NUL or other control characters.
      // (Stored settings hold masks, "••••" + the value's last 4 characters.)
      if (!PRINTABLE.test(value) && !STORED_MASK.test(value)) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `Header ${name}: the value must be one line of printable text (no line breaks or control characters)`,
        });
      }
    }
  });

export function isMaskedHeaderValue(value: string): boolean {
  return value.startsWith(MASK_PREFIX);
}

/** What a stored header value looks like on read: the last 4 characters only of values long enough to keep a secret. */
export function maskHeaderValue(value: string): string {
  if (isMaskedHeaderValue(value)) return value;
  return value.length >= 12 ? secretHint(value) : MASK_PREFIX;
}

export function headerCredentialName(header: string): string {
  return `${HEADER_CREDENTIAL_PREFIX}${header}`;
}

export function isHeaderCredential(name: string): boolean {
  return name.startsWith(HEADER_CREDENTIAL_PREFIX);
}

/** The values to send: sealed value, else a legacy plain value; a mask with nothing behind it is left out. */
export function headerValues(headers: Record<string, string>, credentials: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, shown] of Object.entries(headers)) {
    const value = credentials[headerCredentialName(name)] ?? (isMaskedHeaderValue(shown) ? undefined : shown);
    if (value !== undefined) values[name] = value;
  }
  return values;
}

export function maskHeaders(headers: unknown): unknown {
  if (!isStringRecord(headers)) return headers;
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskHeaderValue(value)]));
}

/**
 * Before checks: a masked value stands for the stored one (sealed, or legacy plain). Returns the
 * headers with their real values, and the problems of masks that stand for nothing.
 */
export function revealHeaders(
  headers: unknown,
  credentials: Record<string, string>,
): { headers: unknown; problems: { name: string; message: string }[] } {
  if (!isStringRecord(headers)) return { headers, problems: [] };
  const problems: { name: string; message: string }[] = [];
  const revealed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!isMaskedHeaderValue(value)) {
      revealed[name] = value;
      continue;
    }
    const stored = credentials[headerCredentialName(name)];
    if (stored === undefined) problems.push({ name, message: `Header ${name}: enter its value (only a masked value was given)` });
    else revealed[name] = stored;
  }
  return { headers: revealed, problems };
}

/** Before storing: values move into the credentials (to be sealed), the settings keep masks. */
export function concealHeaders(
  headers: Record<string, string>,
  credentials: Record<string, string>,
): { headers: Record<string, string>; credentials: Record<string, string> } {
  const kept = Object.fromEntries(Object.entries(credentials).filter(([name]) => !isHeaderCredential(name)));
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    kept[headerCredentialName(name)] = value;
    masked[name] = maskHeaderValue(value);
  }
  return { headers: masked, credentials: kept };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "string");
}
