import { generateSecretToken, hashSecretToken } from "../crypto/secret-token.ts";
import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { ACCOUNT_KEY_PREFIX } from "./authenticate-account-key.ts";

/** Creates a named account API key; the key itself is returned once and only its hash is kept. */
export async function issueAccountKey(prisma: Db, accountId: string, name: string) {
  const key = generateSecretToken(ACCOUNT_KEY_PREFIX);
  const row = await prisma.apiKey.create({
    data: { id: newId(), accountId, name, prefix: key.slice(0, ACCOUNT_KEY_PREFIX.length + 5), keyHash: hashSecretToken(key) },
  });
  return { id: row.id, name: row.name, key };
}
