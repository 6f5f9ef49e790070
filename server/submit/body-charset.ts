import { TextDecoder } from "node:util";
/**
 * Decoding a lead body's bytes to text by its declared charset. Any WHATWG encoding label that
 * TextDecoder knows is accepted (utf-8, iso-8859-1 / latin1, windows-1252, utf-16le, utf-16be,
 * shift_jis, …); a byte-order mark wins over the label, as browsers do. Bytes that are not valid
 * in the charset become U+FFFD (which intake then reports on the lead).
 */
export const SUPPORTED_CHARSETS_HINT = "utf-8, iso-8859-1 (latin1), windows-1252, utf-16le, utf-16be or another WHATWG encoding label";

export type DecodedBody = { ok: true; text: string } | { ok: false; reason: string };

export function decodeBody(bytes: Uint8Array, charset: string | undefined): DecodedBody {
  const decoder = textDecoder(bomCharset(bytes) ?? charset ?? "utf-8");
  if (!decoder) return { ok: false, reason: `Unsupported charset ${JSON.stringify(charset)}: send ${SUPPORTED_CHARSETS_HINT}` };
  return { ok: true, text: decoder.decode(bytes) };
}

/** A decoder for the label, or null if the label names no supported encoding. */
export function textDecoder(label: string): TextDecoder | null {
  try {
    const decoder = new TextDecoder(label.trim());
    // "replacement" (iso-2022-kr, hz-gb-2312, …) decodes everything to U+FFFD: refuse it instead.
    return decoder.encoding === "replacement" ? null : decoder;
  } catch {
    return null;
  }
}

/** The encoding an XML document names in its prolog (`<?xml version="1.0" encoding="ISO-8859-1"?>`), if any. */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  return /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1];
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  return undefined;
}
