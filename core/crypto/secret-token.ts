import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Random bearer secrets (posting keys, account API keys, invitation tokens). Only a SHA-256
 * hash is stored; the secret is shown once. 32 random bytes make a salt unnecessary.
 */
export function generateSecretToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString("base64url")}`;
}

export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function secretTokenMatches(token: string, expectedHash: string): boolean {
  const actual = Buffer.from(hashSecretToken(token), "hex");
  const expected = Buffer.from(expectedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** What may be shown of a secret: its last four characters. */
export function secretHint(secret: string): string {
  return `••••${secret.slice(-4)}`;
}
