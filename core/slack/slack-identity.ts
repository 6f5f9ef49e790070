import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";

/** Remembers which leadrelay user a Slack user is (matched by their verified Slack profile email). */
export async function linkSlackIdentity(db: Db, identity: { teamId: string; slackUserId: string; userId: string }): Promise<void> {
  await db.slackIdentity.upsert({
    where: { teamId_slackUserId: { teamId: identity.teamId, slackUserId: identity.slackUserId } },
    create: { id: newId(), ...identity },
    update: { userId: identity.userId },
  });
}

/** The leadrelay user a Slack user was linked to, if any. */
export async function findSlackIdentityUser(db: Db, teamId: string, slackUserId: string) {
  const identity = await db.slackIdentity.findUnique({ where: { teamId_slackUserId: { teamId, slackUserId } }, include: { user: true } });
  return identity?.user ?? null;
}
