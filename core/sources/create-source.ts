import { generateSecretToken, hashSecretToken, secretHint } from "../crypto/secret-token.ts";
import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";

export const POSTING_KEY_PREFIX = "lr_post";

export interface NewSource {
  flowId: string;
  name: string;
  /** Set for an Account Source: the seller account posting into the buyer's flow. */
  sellerAccountId?: string | null;
}

/** Creates a source of a flow with a fresh posting key, returned once (only its hash is kept). */
export async function createSource(prisma: Db, input: NewSource) {
  const postingKey = generateSecretToken(POSTING_KEY_PREFIX);
  const source = await prisma.source.create({
    data: {
      id: newId(),
      flowId: input.flowId,
      name: input.name,
      sellerAccountId: input.sellerAccountId ?? null,
      postingKeyHash: hashSecretToken(postingKey),
      postingKeyHint: secretHint(postingKey),
    },
  });
  return { source, postingKey };
}

/** The LeadConduit-style submit URL of a source. */
export function submitUrl(publicUrl: string, flowId: string, sourceId: string): string {
  return `${publicUrl.replace(/\/$/, "")}/flows/${flowId}/sources/${sourceId}/submit`;
}
