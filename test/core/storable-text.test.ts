import { describe, expect, it } from "vitest";
import { storableJsonText, storableText } from "../../core/db/storable-text.ts";

describe("text PostgreSQL can store", () => {
  it("replaces NUL and lone surrogates with U+FFFD and keeps everything else", () => {
    expect(storableText("a\u0000b\ud800c\udc00d\ud83d\ude00e")).toBe("a\ufffdb\ufffdc\ufffdd\ud83d\ude00e");
    expect(storableText(null)).toBeNull();
  });

  it("fixes JSON.stringify's escapes of those characters in values and keys, not escaped backslashes", () => {
    const json = JSON.stringify({ "k\u0000": "v\u0000", lone: "\udfff", pair: "\ud83d\ude00", text: "\\u0000 stays", odd: "\\\u0000" });
    const fixed = JSON.parse(storableJsonText(json)) as Record<string, string>;
    expect(fixed).toEqual({ "k\ufffd": "v\ufffd", lone: "\ufffd", pair: "\ud83d\ude00", text: "\\u0000 stays", odd: "\\\ufffd" });
  });
});
