import { hashSecretToken } from "../crypto/secret-token.ts";
import type { PrismaClient } from "../db/prisma.ts";

export const ACCOUNT_KEY_PREFIX = "lr_acct";

/** Resolves an account API key to its account, or null when unknown or revoked. */
export async function authenticateAccountKey(prisma: PrismaClient, key: string): Promise<{ accountId: string; keyId: string } | null> {
  if (!key.startsWith(`${ACCOUNT_KEY_PREFIX}_`)) return null;
  const found = await prisma.apiKey.findUnique({
    where: { keyHash: hashSecretToken(key) },
    select: { id: true, accountId: true, revokedAt: true },
  });
  if (!found || found.revokedAt) return null;
  return { accountId: found.accountId, keyId: found.id };
}
