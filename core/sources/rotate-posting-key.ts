import { generateSecretToken, hashSecretToken, secretHint } from "../crypto/secret-token.ts";
import type { Db } from "../db/prisma.ts";
import { POSTING_KEY_PREFIX } from "./create-source.ts";

/**
 * Gives a source a new posting key, returned once; the old key stops working once the caller
 * reports the change (SourceContextChanges) after its transaction commits.
 */
export async function rotatePostingKey(db: Db, sourceId: string): Promise<{ postingKey: string; postingKeyHint: string }> {
  const postingKey = generateSecretToken(POSTING_KEY_PREFIX);
  const postingKeyHint = secretHint(postingKey);
  await db.source.update({ where: { id: sourceId }, data: { postingKeyHash: hashSecretToken(postingKey), postingKeyHint } });
  return { postingKey, postingKeyHint };
}
