import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";

/** A Slack conversation position: the DM (or channel) and the message that roots the thread. */
export interface SlackThreadRef {
  teamId: string;
  channelId: string;
  threadTs: string;
}

/**
 * Records where an account's onboarding conversation lives (idempotent per account and
 * thread). Test-lead results and alerts about the account are posted there.
 */
export async function recordOnboardingThread(db: Db, accountId: string, ref: SlackThreadRef): Promise<void> {
  const existing = await db.slackThread.findFirst({
    where: { accountId, teamId: ref.teamId, channelId: ref.channelId, threadTs: ref.threadTs },
    select: { id: true },
  });
  if (!existing) await db.slackThread.create({ data: { id: newId(), accountId, ...ref } });
}

/**
 * Makes the thread the current conversation about this destination: its test-lead results go
 * to the latest such thread (the last person who worked on it). Fills in the thread's row when
 * it is not about any destination yet, else adds (or renews) one.
 */
export async function attachDestinationToThread(db: Db, accountId: string, destinationId: string, ref: SlackThreadRef): Promise<void> {
  const rows = await db.slackThread.findMany({
    where: { accountId, teamId: ref.teamId, channelId: ref.channelId, threadTs: ref.threadTs },
    select: { id: true, destinationId: true },
  });
  const latest = await db.slackThread.findFirst({ where: { destinationId }, orderBy: { id: "desc" }, select: { id: true } });
  const same = rows.find((row) => row.destinationId === destinationId);
  if (same && same.id === latest?.id) return;
  if (same) await db.slackThread.delete({ where: { id: same.id } });
  const open = same ? undefined : latest ? undefined : rows.find((row) => row.destinationId === null);
  if (open) await db.slackThread.update({ where: { id: open.id }, data: { destinationId } });
  else await db.slackThread.create({ data: { id: newId(), accountId, destinationId, ...ref } });
}

/** The latest thread about a destination. */
export async function findDestinationThread(db: Db, destinationId: string): Promise<(SlackThreadRef & { accountId: string }) | null> {
  return db.slackThread.findFirst({
    where: { destinationId },
    orderBy: { id: "desc" },
    select: { accountId: true, teamId: true, channelId: true, threadTs: true },
  });
}
