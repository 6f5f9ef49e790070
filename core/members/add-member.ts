import { assertAccountAdmin, type Actor } from "../accounts/actor.ts";
import { lockAccount } from "../accounts/lock-account.ts";
import { generateSecretToken, hashSecretToken } from "../crypto/secret-token.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { Mailer } from "../email/mailer.ts";
import { recordAccountEvent } from "../events/record-account-event.ts";
import { newId } from "../ids.ts";
import type { Logger } from "../logger.ts";
import { notFound, Refusal } from "../refusal.ts";
import { findOrCreateUser } from "../users/find-or-create-user.ts";
import { membershipEmail } from "./membership-email.ts";
import type { MembershipNotifier } from "./membership-notifier.ts";
import { MEMBERSHIP_TOKEN_PREFIX, membershipConfirmUrl } from "./membership-token.ts";
import { toMemberView, type MemberView } from "./member-view.ts";

export interface MemberDeps {
  prisma: PrismaClient;
  publicUrl: string;
  /** null without SMTP_URL: the person can confirm in Slack only. */
  mailer: Mailer | null;
  logger: Logger;
  /** How long the person has to confirm (the invitation lifetime, INVITATION_TTL_DAYS). */
  invitationTtlDays: number;
  /** The Slack bot's "<Account> added you — Join / Decline"; absent when the bot is off. */
  membershipNotifier?: MembershipNotifier | null;
}

export interface NewMember {
  email: string;
  name?: string | null;
  role: "admin" | "member";
  leadAccess: boolean;
}

/**
 * Adds a person (created as a user if new) to the account; admins only. The membership is
 * **pending**: it grants nothing (no access, no routing of invitations, not an admin) until the
 * person confirms with their verified identity, in Slack (their profile email) or through the
 * single-use link emailed to them (stored hashed, expiring). Neither the link nor whether Slack
 * knows the person goes back to the caller. A person who asked to join (status `requested`,
 * from "Request access" in Slack) is active at once: both sides said yes.
 */
export async function addMember(deps: MemberDeps, accountId: string, actor: Actor, input: NewMember): Promise<MemberView> {
  await assertAccountAdmin(deps.prisma, accountId, actor);
  const token = generateSecretToken(MEMBERSHIP_TOKEN_PREFIX);
  const expiresAt = new Date(Date.now() + deps.invitationTtlDays * 86_400_000);
  const stored = await deps.prisma.$transaction(async (tx) => {
    const account = await lockAccount(tx, accountId);
    if (!account) throw notFound("account");
    const user = await findOrCreateUser(tx, { email: input.email, name: input.name });
    const existing = await tx.membership.findUnique({ where: { accountId_userId: { accountId, userId: user.id } } });
    if (existing?.status === "requested") {
      const membership = await tx.membership.update({
        where: { id: existing.id },
        data: { status: "active", role: input.role, leadAccess: input.leadAccess, confirmTokenHash: null, confirmExpiresAt: null },
        include: { user: true },
      });
      await recordAccountEvent(tx, {
        accountId,
        outcome: "success",
        reason: "Member joined",
        snapshot: { member: { email: user.email, name: user.name }, how: "access_request_granted" },
      });
      return { membership, accountName: account.name, notify: false };
    }
    if (existing) {
      const pending = existing.status === "pending";
      throw new Refusal(
        "conflict",
        "already_member",
        pending
          ? `${user.email} was already added to this account and has not confirmed yet`
          : `${user.email} is already a member of this account`,
        { member_id: existing.id, status: existing.status },
      );
    }
    const membership = await tx.membership.create({
      data: {
        id: newId(),
        accountId,
        userId: user.id,
        role: input.role,
        leadAccess: input.leadAccess,
        status: "pending",
        confirmTokenHash: hashSecretToken(token),
        confirmExpiresAt: expiresAt,
        notifiedAt: new Date(),
      },
      include: { user: true },
    });
    return { membership, accountName: account.name, notify: true };
  });
  // In the background: the answer must not depend on (or take longer because of) whether Slack knows the person.
  if (stored.notify)
    void notifyPendingMember(
      deps,
      {
        membershipId: stored.membership.id,
        email: stored.membership.user.email,
        accountName: stored.accountName,
        role: input.role,
        leadAccess: input.leadAccess,
      },
      token,
      expiresAt,
    );
  return toMemberView(stored.membership);
}

async function notifyPendingMember(
  deps: MemberDeps,
  notice: { membershipId: string; email: string; accountName: string; role: "admin" | "member"; leadAccess: boolean },
  token: string,
  expiresAt: Date,
): Promise<void> {
  if (deps.mailer) {
    await deps.mailer
      .send(
        membershipEmail({
          to: notice.email,
          accountName: notice.accountName,
          confirmUrl: membershipConfirmUrl(deps.publicUrl, token),
          expiresAt,
        }),
      )
      .catch((error: unknown) =>
        deps.logger.warn({ err: (error as Error).message, membershipId: notice.membershipId }, "membership confirmation email failed"),
      );
  }
  await deps.membershipNotifier
    ?.membershipPending(notice)
    .catch((error: unknown) =>
      deps.logger.warn({ err: (error as Error).message, membershipId: notice.membershipId }, "membership chat notification failed"),
    );
}
