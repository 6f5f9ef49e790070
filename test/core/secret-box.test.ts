import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";

const keyA = randomBytes(32).toString("base64");
const keyB = randomBytes(32).toString("base64");

describe("SecretBox", () => {
  it("seals so the plaintext does not appear and opens it again", () => {
    const box = new SecretBox(`a:${keyA}`);
    const sealed = box.seal("pat-na1-secret-token");
    expect(sealed).not.toContain("pat-na1-secret-token");
    expect(sealed.startsWith("v1.a.")).toBe(true);
    expect(box.open(sealed)).toBe("pat-na1-secret-token");
  });

  it("rotates: new values use the first key, old values still open with the key they name", () => {
    const old = new SecretBox(`a:${keyA}`).seal("old secret");
    const rotated = new SecretBox(`b:${keyB},a:${keyA}`);
    expect(rotated.open(old)).toBe("old secret");
    expect(rotated.seal("new").startsWith("v1.b.")).toBe(true);
    expect(() => new SecretBox(`b:${keyB}`).open(old)).toThrow(/uses key "a", which ENCRYPTION_KEY does not hold/);
  });

  it("detects tampering", () => {
    const box = new SecretBox(keyA);
    const parts = box.seal("value").split(".");
    parts[4] = Buffer.from("other").toString("base64url");
    expect(() => box.open(parts.join("."))).toThrow();
  });

  it("rejects keys of the wrong size with a message naming the variable", () => {
    expect(() => new SecretBox("short")).toThrow(/ENCRYPTION_KEY: key "k1" must be 32 bytes/);
  });
});
