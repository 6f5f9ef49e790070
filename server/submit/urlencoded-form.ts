import { TextDecoder } from "node:util";
/**
 * `application/x-www-form-urlencoded` bytes to fields, decoding percent-escapes in the declared
 * charset (a browser posting a latin1 page sends `%E9` for "é"). `+` is a space; a key without
 * `=` has the value ""; a repeated key keeps every value in order.
 */
export function parseUrlencodedForm(bytes: Uint8Array, decoder: TextDecoder): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x26 /* & */, start);
    if (end === -1) end = bytes.length;
    if (end > start) {
      const pair = bytes.subarray(start, end);
      const equals = pair.indexOf(0x3d /* = */);
      const name = decodeComponent(equals === -1 ? pair : pair.subarray(0, equals), decoder);
      const value = equals === -1 ? "" : decodeComponent(pair.subarray(equals + 1), decoder);
      const values = fields.get(name) ?? [];
      values.push(value);
      fields.set(name, values);
    }
    start = end + 1;
  }
  return fields;
}

function decodeComponent(bytes: Uint8Array, decoder: TextDecoder): string {
  const out = new Uint8Array(bytes.length);
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x2b /* + */) {
      out[length++] = 0x20;
    } else if (byte === 0x25 /* % */ && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out[length++] = parseInt(String.fromCharCode(bytes[i + 1]!, bytes[i + 2]!), 16);
      i += 2;
    } else {
      out[length++] = byte;
    }
  }
  return decoder.decode(out.subarray(0, length));
}

function isHex(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66));
}
