import type { PrismaClient } from "../db/prisma.ts";

export interface OnboardingThread {
  teamId: string;
  channelId: string;
  threadTs: string;
}

/**
 * Where a test lead's result goes: the onboarding thread of its destination, else the
 * account's latest thread (the conversation the buyer is having with the bot).
 */
export async function findOnboardingThread(prisma: PrismaClient, accountId: string, destinationId: string): Promise<OnboardingThread | null> {
  const select = { teamId: true, channelId: true, threadTs: true } as const;
  return (
    (await prisma.slackThread.findFirst({ where: { accountId, destinationId }, orderBy: { id: "desc" }, select })) ??
    (await prisma.slackThread.findFirst({ where: { accountId }, orderBy: { id: "desc" }, select }))
  );
}
