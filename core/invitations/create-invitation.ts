import { lockAccount } from "../accounts/lock-account.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import { generateSecretToken, hashSecretToken } from "../crypto/secret-token.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Mailer } from "../email/mailer.ts";
import { newId } from "../ids.ts";
import type { Logger } from "../logger.ts";
import { notFound, Refusal } from "../refusal.ts";
import { normaliseEmail } from "../users/email-address.ts";
import { invitationEmail } from "./invitation-email.ts";
import type { InvitationNotifier } from "./invitation-notifier.ts";
import { INVITATION_TOKEN_PREFIX, invitationUrl } from "./invitation-token.ts";
import { INVITATION_CONNECTION, toInvitationView, type InvitationView } from "./invitation-view.ts";

export interface InvitationDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  publicUrl: string;
  /** null when SMTP_URL is not set: the seller forwards the link itself. */
  mailer: Mailer | null;
  logger: Logger;
  defaultTtlDays: number;
  /** Reaches the invited person in chat too (the Slack bot); absent when the bot is off. */
  notifier?: InvitationNotifier | null;
}

export interface NewInvitation {
  sellerAccountId: string;
  email: string;
  /** The fields the seller will send (shown to the buyer; added to a flow created on accepting). */
  fields?: readonly string[];
  expiresInDays?: number;
  /** Who at the seller sends it, shown to the buyer when known. */
  invitedBy?: string | null;
}

export interface SentInvitation {
  invitation: InvitationView;
  /** The "Accept invite to connect" link, which holds the token: share it only with the invited person. */
  acceptUrl: string;
  token: string;
  /** false when the email's pending invitation was returned instead of a new one. */
  created: boolean;
  email: { sent: boolean; detail: string };
  /** false when the person was already emailed or messaged about it in the last 24 hours (nothing sent again). */
  notified: boolean;
}

/** A re-invite within this long of the last email or chat message does not notify the person again. */
export const INVITATION_RENOTIFY_MS = 86_400_000;

/**
 * Invites a buyer by email. The token is random, single-use, stored hashed, and sealed (SecretBox)
 * while pending so that inviting the same email again returns the same pending invitation and
 * link (its fields updated if given) instead of a duplicate. The email, when SMTP is configured,
 * is sent after the invitation is stored; a failed send never loses the invitation. The chat
 * notifier (the Slack bot, when on) DMs the person in the background if a connected workspace
 * knows them: the answer never says whether it did (that would tell any account who is in which
 * Slack). The person is emailed and messaged at most once a day per invitation (`notifiedAt`,
 * set under the seller's lock), however often they are re-invited.
 */
export async function createInvitation(deps: InvitationDeps, input: NewInvitation): Promise<SentInvitation> {
  const email = normaliseEmail(input.email);
  const fields = input.fields ? [...new Set(input.fields)] : undefined;
  const stored = await deps.prisma.$transaction(async (tx) => {
    // The seller's row lock serialises its invitations, so two quick re-invites make one.
    const seller = await lockAccount(tx, input.sellerAccountId);
    if (!seller) throw notFound("account");
    const ownMember = await tx.membership.findFirst({
      where: { accountId: input.sellerAccountId, status: "active", user: { email: { equals: email, mode: "insensitive" } } },
      select: { id: true },
    });
    if (ownMember) throw new Refusal("conflict", "self_invitation", `${email} is a member of your own account: invite the buyer's email`);

    const pending = await tx.invitation.findFirst({
      where: {
        sellerAccountId: input.sellerAccountId,
        email,
        status: "pending",
        expiresAt: { gt: new Date() },
        tokenSealed: { not: null },
      },
      orderBy: { id: "desc" },
    });
    if (pending) {
      const notify = !pending.notifiedAt || pending.notifiedAt.getTime() <= Date.now() - INVITATION_RENOTIFY_MS;
      const invitation = await tx.invitation.update({
        where: { id: pending.id },
        data: { ...(fields ? { fields } : {}), ...(notify ? { notifiedAt: new Date() } : {}) },
        include: INVITATION_CONNECTION,
      });
      return { invitation, token: deps.secretBox.open(pending.tokenSealed!), created: false, sellerName: seller.name, notify };
    }
    const token = generateSecretToken(INVITATION_TOKEN_PREFIX);
    const ttlDays = input.expiresInDays ?? deps.defaultTtlDays;
    const invitation = await tx.invitation.create({
      data: {
        id: newId(),
        sellerAccountId: input.sellerAccountId,
        email,
        tokenHash: hashSecretToken(token),
        tokenSealed: deps.secretBox.seal(token),
        fields: fields ?? [],
        expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
        notifiedAt: new Date(),
      },
      include: INVITATION_CONNECTION,
    });
    return { invitation, token, created: true, sellerName: seller.name, notify: true };
  });

  const acceptUrl = invitationUrl(deps.publicUrl, stored.token);
  let emailResult: SentInvitation["email"];
  if (!deps.mailer) {
    emailResult = {
      sent: false,
      detail: "Email is not configured on this server (SMTP_URL): forward the accept_url to the buyer yourself",
    };
  } else if (!stored.notify) {
    emailResult = {
      sent: false,
      detail: "Already emailed in the last 24 hours: not sent again (forward the accept_url yourself if needed)",
    };
  } else {
    try {
      await deps.mailer.send(
        invitationEmail({
          to: email,
          sellerName: stored.sellerName,
          acceptUrl,
          fields: stored.invitation.fields,
          expiresAt: stored.invitation.expiresAt,
        }),
      );
      emailResult = { sent: true, detail: `Invitation emailed to ${email}` };
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message, invitationId: stored.invitation.id }, "invitation email failed");
      emailResult = {
        sent: false,
        detail: "The email could not be sent: forward the accept_url to the buyer yourself, or invite again later",
      };
    }
  }
  // Not awaited: neither the answer nor its timing may depend on whether Slack knows the person.
  if (deps.notifier && stored.notify)
    void notifyInChat(deps.notifier, deps.logger, stored.invitation, stored.sellerName, input.invitedBy ?? null);
  return {
    invitation: toInvitationView(stored.invitation),
    acceptUrl,
    token: stored.token,
    created: stored.created,
    email: emailResult,
    notified: stored.notify,
  };
}

async function notifyInChat(
  notifier: InvitationNotifier,
  logger: Logger,
  invitation: { id: string; email: string; fields: string[]; expiresAt: Date },
  sellerName: string,
  invitedBy: string | null,
): Promise<void> {
  try {
    await notifier.invitationCreated({
      invitationId: invitation.id,
      email: invitation.email,
      sellerName,
      invitedBy,
      fields: invitation.fields,
      expiresAt: invitation.expiresAt,
    });
  } catch (error) {
    logger.warn({ err: (error as Error).message, invitationId: invitation.id }, "invitation chat notification failed");
  }
}
