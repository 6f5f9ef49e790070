import type { PrismaClient } from "../../core/db/prisma.ts";

/**
 * Removes a suite's accounts (and, by cascade, everything under them) so nothing is left waiting
 * for a later run's sweepers. The service's workers may still be writing attempts and events for
 * those accounts, so PostgreSQL can abort the cascade as a deadlock (Prisma P2034): try again.
 */
export async function deleteAccounts(prisma: PrismaClient | undefined, ids: ReadonlyArray<string | undefined>): Promise<void> {
  const accountIds = ids.filter((id): id is string => Boolean(id));
  if (!prisma || !accountIds.length) return;
  for (let attempt = 1; ; attempt++) {
    try {
      await prisma.account.deleteMany({ where: { id: { in: accountIds } } });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2034" || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}
