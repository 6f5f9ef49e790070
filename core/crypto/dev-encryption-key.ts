import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateEncryptionKey } from "./secret-box.ts";

/**
 * Outside production, a missing ENCRYPTION_KEY is generated once and kept in
 * `.leadrelay/encryption-key` (git-ignored) so `npm start` works on a fresh machine and
 * restarts can still open what they sealed. Returns a notice to log, or null.
 */
export function ensureDevEncryptionKey(env: Record<string, string | undefined>, directory = ".leadrelay"): string | null {
  if (env.ENCRYPTION_KEY || env.NODE_ENV === "production") return null;
  const file = join(directory, "encryption-key");
  if (existsSync(file)) {
    env.ENCRYPTION_KEY = readFileSync(file, "utf8").trim();
    return `ENCRYPTION_KEY not set: using the development key in ${file}`;
  }
  mkdirSync(directory, { recursive: true });
  env.ENCRYPTION_KEY = generateEncryptionKey();
  writeFileSync(file, `${env.ENCRYPTION_KEY}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return `ENCRYPTION_KEY not set: generated a development key and saved it in ${file} (set ENCRYPTION_KEY in production)`;
}
