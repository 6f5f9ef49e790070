import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";

/**
 * The `slack_installations` rows: one per workspace (or Enterprise Grid org, keyed by its
 * enterprise id in `team_id`) that installed the app. Tokens arrive and leave sealed (SecretBox):
 * this module never sees them in the clear.
 */
export interface SlackInstallationRow {
  teamId: string;
  enterpriseId: string | null;
  teamName: string | null;
  botUserId: string | null;
  /** Sealed bot token. */
  botToken: string;
  /** Sealed @slack/oauth Installation (holds every token). */
  installation: string;
}

/** Records a workspace's installation, replacing an earlier one of the same workspace. */
export async function saveSlackInstallation(db: Db, row: SlackInstallationRow): Promise<void> {
  const { teamId, ...data } = row;
  await db.slackInstallation.upsert({ where: { teamId }, create: { id: newId(), teamId, ...data }, update: data });
}

/** The sealed Installation of a workspace, or null when it has not installed the app. */
export async function findSealedInstallation(db: Db, teamId: string): Promise<string | null> {
  const row = await db.slackInstallation.findUnique({ where: { teamId }, select: { installation: true } });
  return row?.installation ?? null;
}

/** The sealed bot token of a workspace, or null when it has not installed the app. */
export async function findSealedBotToken(db: Db, teamId: string): Promise<string | null> {
  const row = await db.slackInstallation.findUnique({ where: { teamId }, select: { botToken: true } });
  return row?.botToken ?? null;
}

/** Every installed workspace with its sealed bot token, oldest installation first. */
export function listSealedBotTokens(db: Db): Promise<{ teamId: string; botToken: string }[]> {
  return db.slackInstallation.findMany({ select: { teamId: true, botToken: true }, orderBy: { id: "asc" } });
}

/** Forgets a workspace's installation (uninstalled: its tokens no longer work anyway). */
export async function deleteSlackInstallation(db: Db, teamId: string): Promise<void> {
  await db.slackInstallation.deleteMany({ where: { teamId } });
}
