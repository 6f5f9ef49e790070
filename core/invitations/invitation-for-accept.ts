import type { SecretBox } from "../crypto/secret-box.ts";
import { hashSecretToken } from "../crypto/secret-token.ts";
import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { Refusal } from "../refusal.ts";
import { maskEmail, normaliseEmail } from "../users/email-address.ts";
import { findInvitationClaim } from "./invitation-claims.ts";
import { looksLikeInvitationToken } from "./invitation-token.ts";

export interface InvitationSummary {
  id: string;
  email: string;
  fields: string[];
  expiresAt: Date;
  seller: { id: string; name: string };
}

export type InvitationForAccept =
  /**
   * Pending: `token` is what acceptInvitation takes. `inboxProven`: the person's email is not the
   * invited one, but they entered the code emailed there (pass it on as invitedInboxProven).
   */
  | { kind: "pending"; token: string; invitation: InvitationSummary; inboxProven: boolean }
  /** This person already accepted it: its connection, for showing the next step again. */
  | { kind: "accepted_by_you"; invitation: InvitationSummary; buyerAccountId: string; connectionId: string };

/**
 * The invitation behind a chat "Accept invite to connect" button, which names the invitation by
 * id (a button never carries the bearer token). Checks what accepting would check first, with
 * acceptInvitation's wording: sent to another address (checked first, naming nothing), revoked,
 * used, expired. The person's verified email must be the invited one, which is what makes the id enough.
 */
export async function invitationForAccept(
  db: Db,
  secretBox: SecretBox,
  invitationId: string,
  email: string,
  /** The Slack person asking: a claim of theirs (they presented the link) opens the emailed-code path. */
  claimant?: { teamId: string; slackUserId: string },
): Promise<InvitationForAccept> {
  const invitation = isId(invitationId)
    ? await db.invitation.findUnique({
        where: { id: invitationId },
        include: { seller: { select: { id: true, name: true } }, connection: { select: { id: true, buyerAccountId: true } } },
      })
    : null;
  if (!invitation)
    throw new Refusal("not_found", "invitation_not_found", "No invitation matches this button any more: ask the seller to send a new one");
  const summary: InvitationSummary = {
    id: invitation.id,
    email: invitation.email,
    fields: invitation.fields,
    expiresAt: invitation.expiresAt,
    seller: invitation.seller,
  };
  const seller = invitation.seller.name;
  // Checked first: an id is not a secret, so someone else's invitation tells them nothing (not even
  // its seller), unless they presented its link in Slack (a claim), which the link's holder may see.
  const otherEmail = normaliseEmail(invitation.email) !== normaliseEmail(email);
  const claim = otherEmail && claimant ? await findInvitationClaim(db, { invitationId: invitation.id, ...claimant }) : null;
  if (otherEmail && !claim) {
    throw new Refusal(
      "forbidden",
      "invitation_email_mismatch",
      "This invitation was sent to another email address: accept it as the person it was sent to, or ask the seller to invite you",
    );
  }

  if (invitation.status === "revoked") {
    throw new Refusal("gone", "invitation_revoked", `This invitation was revoked by ${seller}: ask them to send a new one`);
  }
  if (invitation.status === "accepted") {
    const acceptedBy = invitation.acceptedByUserId
      ? await db.user.findUnique({ where: { id: invitation.acceptedByUserId }, select: { email: true } })
      : null;
    if (acceptedBy && normaliseEmail(acceptedBy.email) === normaliseEmail(email) && invitation.connection) {
      return {
        kind: "accepted_by_you",
        invitation: summary,
        buyerAccountId: invitation.connection.buyerAccountId,
        connectionId: invitation.connection.id,
      };
    }
    throw new Refusal("conflict", "invitation_used", `This invitation has already been accepted: ask ${seller} for a new one`);
  }
  if (invitation.expiresAt <= new Date()) {
    throw new Refusal(
      "gone",
      "invitation_expired",
      `This invitation expired on ${invitation.expiresAt.toISOString().slice(0, 10)}: ask ${seller} to send a new one`,
    );
  }
  if (!invitation.tokenSealed)
    throw new Refusal("conflict", "invitation_used", `This invitation can no longer be accepted: ask ${seller} for a new one`);
  if (claim && !claim.verifiedAt) {
    throw new Refusal(
      "forbidden",
      "invitation_inbox_code_required",
      `This invitation was sent to ${maskEmail(invitation.email)}, not to your Slack email: enter the code emailed there to accept it as yourself`,
      {
        claim_id: claim.id,
        invited: maskEmail(invitation.email),
      },
    );
  }
  return { kind: "pending", token: secretBox.open(invitation.tokenSealed), invitation: summary, inboxProven: Boolean(claim?.verifiedAt) };
}

/** The id of the invitation a token (from the emailed link) belongs to, or null. */
export async function invitationIdForToken(db: Db, token: string): Promise<string | null> {
  if (!looksLikeInvitationToken(token)) return null;
  const row = await db.invitation.findUnique({ where: { tokenHash: hashSecretToken(token) }, select: { id: true } });
  return row?.id ?? null;
}
