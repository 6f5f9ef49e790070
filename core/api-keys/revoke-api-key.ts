import { assertAccountAdmin, type Actor } from "../accounts/actor.ts";
import { lockAccount } from "../accounts/lock-account.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { notFound, Refusal } from "../refusal.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/**
 * Revokes an account API key (idempotent); it stops authenticating at once. The account's last
 * working key cannot be revoked, so an account is never locked out of its own API: issue a
 * replacement first.
 */
export async function revokeApiKey(prisma: PrismaClient, accountId: string, actor: Actor, keyId: string): Promise<ApiKeyView> {
  await assertAccountAdmin(prisma, accountId, actor);
  return prisma.$transaction(async (tx) => {
    await lockAccount(tx, accountId);
    const key = isId(keyId) ? await tx.apiKey.findFirst({ where: { id: keyId, accountId } }) : null;
    if (!key) throw notFound("API key");
    if (key.revokedAt) return toApiKeyView(key);
    const others = await tx.apiKey.count({ where: { accountId, revokedAt: null, id: { not: key.id } } });
    if (others === 0) {
      throw new Refusal("conflict", "last_api_key", "This is the account's last working API key: create another before revoking it");
    }
    return toApiKeyView(await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } }));
  });
}
