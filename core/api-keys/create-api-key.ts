import { assertAccountAdmin, type Actor } from "../accounts/actor.ts";
import { issueAccountKey } from "../accounts/issue-account-key.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { toApiKeyView, type ApiKeyView } from "./api-key-view.ts";

/** Issues a named account API key; admins only (a key is an admin-level credential). The key is returned once. */
export async function createApiKey(
  prisma: PrismaClient,
  accountId: string,
  actor: Actor,
  name: string,
): Promise<ApiKeyView & { key: string }> {
  await assertAccountAdmin(prisma, accountId, actor);
  const issued = await issueAccountKey(prisma, accountId, name);
  const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: issued.id } });
  return { ...toApiKeyView(row), key: issued.key };
}
