import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * AES-256-GCM sealing for credentials at rest. A sealed value is
 * `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`; the key id lets keys rotate:
 * new values are sealed with the first key, old ones open with whichever key they name.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;

  constructor(keyring: string) {
    this.keys = parseKeyring(keyring);
    this.currentKeyId = [...this.keys.keys()][0]!;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.keys.get(this.currentKeyId)!, iv);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
    return ["v1", this.currentKeyId, ...parts].join(".");
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, body] = sealed.split(".");
    if (version !== "v1" || !keyId || !iv || !tag || body === undefined) {
      throw new Error("Sealed secret is malformed");
    }
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`Sealed secret uses key "${keyId}", which ENCRYPTION_KEY does not hold`);
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: string): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /**
   * A keyed hash (HMAC-SHA256 under the current key, for a given purpose) of a short secret such as
   * a 6-digit code: unlike a plain hash, a copy of the database alone cannot brute-force it.
   * `keyId.hex`, so it checks against the key it was made with.
   */
  digest(purpose: string, value: string): string {
    return `${this.currentKeyId}.${this.hmac(this.currentKeyId, purpose, value)}`;
  }

  digestMatches(purpose: string, value: string, digest: string): boolean {
    const [keyId, hex] = digest.split(".");
    if (!keyId || !hex || !this.keys.has(keyId)) return false;
    const expected = Buffer.from(hex, "hex");
    const actual = Buffer.from(this.hmac(keyId, purpose, value), "hex");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  private hmac(keyId: string, purpose: string, value: string): string {
    return createHmac("sha256", this.keys.get(keyId)!).update(`${purpose}\0${value}`, "utf8").digest("hex");
  }
}

/** `ENCRYPTION_KEY` is `id:base64key[,id:base64key…]` (first one seals) or one bare base64 key. */
export function parseKeyring(keyring: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of keyring
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, encoded] = entry.includes(":") ? entry.split(":", 2) : ["k1", entry];
    const key = Buffer.from(encoded!, "base64");
    if (key.length !== 32) {
      throw new Error(`ENCRYPTION_KEY: key "${id}" must be 32 bytes encoded in base64 (got ${key.length} bytes)`);
    }
    keys.set(id!, key);
  }
  if (keys.size === 0) throw new Error("ENCRYPTION_KEY: no key given");
  return keys;
}

export function generateEncryptionKey(): string {
  return randomBytes(32).toString("base64");
}
