import type { PrismaClient } from "../db/prisma.ts";
import { findDestinationThread, type SlackThreadRef } from "../slack/slack-thread.ts";

/**
 * Where a test lead's result goes: the latest onboarding thread about its destination, else the
 * account's latest thread in any workspace (the conversation the buyer is having with the bot).
 */
export async function findOnboardingThread(prisma: PrismaClient, accountId: string, destinationId: string): Promise<SlackThreadRef | null> {
  const about = await findDestinationThread(prisma, destinationId);
  if (about && about.accountId === accountId) return { teamId: about.teamId, channelId: about.channelId, threadTs: about.threadTs };
  return prisma.slackThread.findFirst({
    where: { accountId },
    orderBy: { id: "desc" },
    select: { teamId: true, channelId: true, threadTs: true },
  });
}
