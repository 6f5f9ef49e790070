import { randomInt } from "node:crypto";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { Db, PrismaClient } from "../db/prisma.ts";
import { newId } from "../ids.ts";

/**
 * The "Slack email is not the invited email" path. A person who presented the invitation's link
 * in Slack (`/leadrelay accept <link>`, or "Add to Slack" from its page) holds a claim on it;
 * a 6-digit code emailed to the invited address, entered in Slack, proves they also control
 * that inbox, and they may then accept as themselves.
 *
 * Codes: single-use, valid 15 minutes, 5 wrong entries end one, a new code replaces the last;
 * only a keyed hash is stored (SecretBox.digest) and the code itself is never logged.
 */
export const INBOX_CODE_TTL_MS = 15 * 60_000;
export const INBOX_CODE_TRIES = 5;
const DIGEST_PURPOSE = "invitation-inbox-code";

export interface ClaimRef {
  invitationId: string;
  teamId: string;
  slackUserId: string;
}

/** Records that this Slack person presented the invitation's link (idempotent). */
export async function recordInvitationClaim(db: Db, ref: ClaimRef): Promise<void> {
  await db.invitationClaim.upsert({
    where: { invitationId_teamId_slackUserId: ref },
    create: { id: newId(), ...ref },
    update: {},
  });
}

export async function findInvitationClaim(db: Db, ref: ClaimRef) {
  return db.invitationClaim.findUnique({ where: { invitationId_teamId_slackUserId: ref } });
}

/** A fresh code for the claim (replacing any earlier one); the caller emails it and forgets it. */
export async function issueInboxCode(
  db: Db,
  secretBox: SecretBox,
  claimId: string,
  now = new Date(),
): Promise<{ code: string; expiresAt: Date }> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const expiresAt = new Date(now.getTime() + INBOX_CODE_TTL_MS);
  await db.invitationClaim.update({
    where: { id: claimId },
    data: { codeHash: secretBox.digest(DIGEST_PURPOSE, `${claimId}:${code}`), codeExpiresAt: expiresAt, failedTries: 0 },
  });
  return { code, expiresAt };
}

export type InboxCodeCheck =
  { ok: true } | { ok: false; reason: "wrong"; triesLeft: number } | { ok: false; reason: "no_code" | "expired" | "too_many_tries" };

/**
 * Checks an entered code under a row lock (two entries at once cannot both spend the last try).
 * Right: the claim is verified and the code spent. Wrong: one try is spent.
 */
export async function checkInboxCode(
  prisma: PrismaClient,
  secretBox: SecretBox,
  ref: ClaimRef,
  entered: string,
  now = new Date(),
): Promise<InboxCodeCheck> {
  const code = entered.replace(/\s+/g, "");
  return prisma.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM invitation_claims WHERE invitation_id = ${ref.invitationId}::uuid AND team_id = ${ref.teamId} AND slack_user_id = ${ref.slackUserId} FOR UPDATE`;
    if (!locked) return { ok: false as const, reason: "no_code" as const };
    const claim = await tx.invitationClaim.findUniqueOrThrow({ where: { id: locked.id } });
    if (!claim.codeHash || !claim.codeExpiresAt) return { ok: false as const, reason: "no_code" as const };
    if (claim.failedTries >= INBOX_CODE_TRIES) return { ok: false as const, reason: "too_many_tries" as const };
    if (claim.codeExpiresAt <= now) return { ok: false as const, reason: "expired" as const };
    if (/^\d{6}$/.test(code) && secretBox.digestMatches(DIGEST_PURPOSE, `${claim.id}:${code}`, claim.codeHash)) {
      await tx.invitationClaim.update({ where: { id: claim.id }, data: { codeHash: null, codeExpiresAt: null, verifiedAt: now } });
      return { ok: true as const };
    }
    const failedTries = claim.failedTries + 1;
    await tx.invitationClaim.update({ where: { id: claim.id }, data: { failedTries } });
    if (failedTries >= INBOX_CODE_TRIES) return { ok: false as const, reason: "too_many_tries" as const };
    return { ok: false as const, reason: "wrong" as const, triesLeft: INBOX_CODE_TRIES - failedTries };
  });
}
