import { textDecoder } from "./body-charset.ts";

/**
 * `multipart/form-data` (RFC 7578) bytes to fields, with a reason naming the problem when the
 * body is malformed. Text parts are decoded by their own `charset` (default UTF-8); file parts
 * (those with a `filename`) are not lead fields and are skipped.
 */
export type MultipartForm = { ok: true; fields: Map<string, string[]> } | { ok: false; reason: string };

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

export function parseMultipartForm(body: Uint8Array, boundary: string | undefined): MultipartForm {
  if (boundary === undefined) return malformed("the Content-Type has no boundary parameter");
  if (boundary === "") return malformed("the boundary parameter is empty");
  if (boundary.length > 70) return malformed("the boundary is longer than 70 characters");
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (bytes.length === 0) return malformed("the body is empty");

  const delimiter = Buffer.from(`--${boundary}`);
  const nextDelimiter = Buffer.from(`\r\n--${boundary}`);
  // The first delimiter may follow a preamble; every later one starts on a new line.
  let position = bytes.subarray(0, delimiter.length).equals(delimiter) ? 0 : bytes.indexOf(nextDelimiter);
  if (position === -1) return malformed(`the body does not contain the boundary "${boundary}" from the Content-Type`);
  if (position > 0) position += CRLF.length;

  const fields = new Map<string, string[]>();
  for (;;) {
    let cursor = position + delimiter.length;
    if (bytes[cursor] === 0x2d && bytes[cursor + 1] === 0x2d) return { ok: true, fields }; // "--": the closing delimiter
    while (bytes[cursor] === 0x20 || bytes[cursor] === 0x09) cursor++; // transport padding
    if (!bytes.subarray(cursor, cursor + 2).equals(CRLF)) {
      return malformed(
        cursor >= bytes.length ? `the body has no closing boundary "--${boundary}--"` : "a boundary line is not followed by a line break",
      );
    }
    const partStart = cursor + 2;
    const next = bytes.indexOf(nextDelimiter, partStart);
    if (next === -1) return malformed(`the body has no closing boundary "--${boundary}--"`);
    const part = bytes.subarray(partStart, next);
    const headerEnd = part.indexOf(HEADER_END);
    const headerText = headerEnd === -1 ? (part.length === 0 ? "" : null) : part.subarray(0, headerEnd).toString("utf8");
    if (headerText === null) return malformed("a part has no blank line between its headers and its content");
    const headers = partHeaders(headerText);
    const disposition = headers.get("content-disposition");
    if (!disposition || !/^\s*form-data\b/i.test(disposition)) return malformed("a part has no Content-Disposition: form-data header");
    const name = parameter(disposition, "name");
    if (name === undefined || name === "") return malformed("a part has no name in its Content-Disposition");
    if (parameter(disposition, "filename") === undefined) {
      const charset = parameter(headers.get("content-type") ?? "", "charset");
      const decoder = textDecoder(charset ?? "utf-8");
      if (!decoder) return malformed(`part "${name}" has an unsupported charset ${JSON.stringify(charset)}`);
      const values = fields.get(name) ?? [];
      values.push(decoder.decode(headerEnd === -1 ? new Uint8Array() : part.subarray(headerEnd + HEADER_END.length)));
      fields.set(name, values);
    }
    position = next + CRLF.length;
  }
}

function malformed(problem: string): MultipartForm {
  return { ok: false, reason: `Malformed multipart body: ${problem}` };
}

function partHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** A parameter of a header value (`name="a b"` or `name=ab`), or undefined. */
export function parameter(header: string, key: string): string | undefined {
  const match = new RegExp(`;\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, "i").exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? "");
}
