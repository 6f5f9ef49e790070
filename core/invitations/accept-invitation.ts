import { toAccountView, type AccountView } from "../accounts/account-view.ts";
import { createAccount } from "../accounts/create-account.ts";
import { isFreeEmailDomain } from "../accounts/free-email-domains.ts";
import { issueAccountKey } from "../accounts/issue-account-key.ts";
import { lockAccount, lockEmailDomain } from "../accounts/lock-account.ts";
import { assertPlanAllowsAnother, type Plan } from "../accounts/plan-limits.ts";
import { CONNECTION_PARTIES, toConnectionView, type ConnectionView } from "../connections/connection-view.ts";
import { hashSecretToken } from "../crypto/secret-token.ts";
import type { Prisma, PrismaClient } from "../db/prisma.ts";
import { recordAccountEvent } from "../events/record-account-event.ts";
import { createFlow } from "../flows/create-flow.ts";
import { fieldNameSchema } from "../flows/flow-config.ts";
import { isId, newId } from "../ids.ts";
import { standardField } from "../leads/standard-fields.ts";
import { Refusal } from "../refusal.ts";
import { createSource } from "../sources/create-source.ts";
import { emailDomainOf, normaliseEmail } from "../users/email-address.ts";
import { findOrCreateUser, findUserByEmail } from "../users/find-or-create-user.ts";
import { requestAccountAccess } from "./request-account-access.ts";
import { looksLikeInvitationToken } from "./invitation-token.ts";

/** The flow a paid buyer receives the seller's leads in. */
export type FlowChoice = { kind: "new" } | { kind: "existing"; flowId: string };

export const BUYER_STEP_FLOW_NAME = "Buyer Step Flow";

export interface Acceptance {
  token: string;
  /** The accepting person's identity, verified by the caller (Slack profile, sign-in). */
  email: string;
  name: string;
  /** Names the account if one is created; else the email domain (or the person, for a free-mail address). */
  company?: string | null;
  /** Which of the person's accounts accepts, when they belong to several. */
  accountId?: string | null;
  /** Required for a paid account; a partner account uses (or creates) its one flow. */
  flow?: FlowChoice | null;
  /**
   * The person's email is not the invited one, but the caller checked that they proved control of
   * the invited inbox (an emailed code entered in Slack): they accept as themselves.
   */
  invitedInboxProven?: boolean;
  /** Issue a management API key when this accept creates the account (returned once). */
  issueKeyForNewAccount?: boolean;
}

export interface AcceptedInvitation {
  /** false when this was a retry: the connection the first accept made is returned. */
  created: boolean;
  connection: ConnectionView;
  account: AccountView & { created: boolean };
  user: { id: string; email: string; name: string | null };
  /** Only when the account was created by this call and a key was asked for. */
  accountApiKey: string | null;
  /** The flow has no recipient step yet: the buyer must pick a destination before leads go anywhere. */
  needsDestination: boolean;
}

/**
 * Accepts an invitation as a verified person, connecting the seller to the person's account:
 *
 * - invitation unknown / revoked / already used / expired / for another email → refused, nothing created;
 * - the person is a member (with lead access) of an account → that account connects;
 * - the person has no account, but their email domain belongs to one → refused with
 *   `membership_required`, and that account's admins get an "Access requested" event;
 * - otherwise a free `partner` account is created with them as admin (lead access).
 *
 * The seller becomes an Account Source of the buyer's flow: a partner's one flow (created if
 * needed), or for a paid account a new "Buyer Step Flow" or one it names. The source's posting key
 * is not returned: the seller gets it from issueConnectionPostingKey.
 *
 * The invitation row is locked for the whole transaction, so concurrent accepts of one token make
 * exactly one connection and the others return it (a retry by the same person is idempotent).
 */
export async function acceptInvitation(prisma: PrismaClient, publicUrl: string, acceptance: Acceptance): Promise<AcceptedInvitation> {
  const email = normaliseEmail(acceptance.email);
  if (!looksLikeInvitationToken(acceptance.token)) throw invitationNotFound();

  const outcome = await prisma.$transaction(
    async (tx) => {
      const invitation = await lockInvitation(tx, acceptance.token);
      const seller = invitation.seller;

      if (invitation.status === "revoked") {
        throw new Refusal("gone", "invitation_revoked", `This invitation was revoked by ${seller.name}: ask them to send a new one`);
      }
      if (invitation.status === "accepted") {
        const acceptedBy = invitation.acceptedByUserId ? await tx.user.findUnique({ where: { id: invitation.acceptedByUserId } }) : null;
        if (acceptedBy && normaliseEmail(acceptedBy.email) === email && invitation.connection) {
          return { kind: "retry" as const, connection: invitation.connection, user: acceptedBy };
        }
        throw new Refusal("conflict", "invitation_used", `This invitation has already been accepted: ask ${seller.name} for a new one`);
      }
      if (invitation.expiresAt <= new Date()) {
        throw new Refusal(
          "gone",
          "invitation_expired",
          `This invitation expired on ${invitation.expiresAt.toISOString().slice(0, 10)}: ask ${seller.name} to send a new one`,
        );
      }
      if (normaliseEmail(invitation.email) !== email && !acceptance.invitedInboxProven) {
        throw new Refusal(
          "forbidden",
          "invitation_email_mismatch",
          `This invitation was sent to another email address: accept it as the person it was sent to, or ask ${seller.name} to invite you`,
        );
      }

      const party = await resolveBuyer(tx, acceptance, email, invitation.id, seller);
      if (party.kind === "membership_required") return party;
      const { buyer, user, accountCreated } = party;

      const locked = await lockAccount(tx, buyer.id);
      const flow = await chooseFlow(tx, buyer.id, locked!.plan, acceptance.flow ?? null, invitation.fields);
      const live = await tx.connection.findFirst({
        where: { sellerAccountId: seller.id, buyerAccountId: buyer.id, flowId: flow.id, status: { not: "ended" } },
        select: { id: true },
      });
      if (live) {
        throw new Refusal(
          "conflict",
          "already_connected",
          `${buyer.name} is already connected to ${seller.name} in the flow "${flow.name}"`,
          { connection_id: live.id },
        );
      }

      const { source } = await createSource(tx, { flowId: flow.id, name: seller.name, sellerAccountId: seller.id });
      const connection = await tx.connection.create({
        data: {
          id: newId(),
          sellerAccountId: seller.id,
          buyerAccountId: buyer.id,
          invitationId: invitation.id,
          flowId: flow.id,
          sourceId: source.id,
        },
        include: CONNECTION_PARTIES,
      });
      await tx.invitation.update({
        where: { id: invitation.id },
        data: { status: "accepted", acceptedAt: new Date(), acceptedByUserId: user.id, tokenSealed: null },
      });
      const snapshot = {
        connection_id: connection.id,
        invitation_id: invitation.id,
        seller_account: { id: seller.id, name: seller.name },
        buyer_account: { id: buyer.id, name: buyer.name },
        accepted_by: { name: user.name, email: user.email },
      };
      await recordAccountEvent(tx, { accountId: seller.id, outcome: "success", reason: "Invitation accepted", snapshot });
      await recordAccountEvent(tx, { accountId: buyer.id, outcome: "success", reason: "Invitation accepted", flowId: flow.id, snapshot });
      const accountApiKey =
        accountCreated && acceptance.issueKeyForNewAccount
          ? (await issueAccountKey(tx, buyer.id, "Created when accepting an invitation")).key
          : null;
      return { kind: "accepted" as const, connection, user, accountCreated, accountApiKey };
    },
    { maxWait: 10_000, timeout: 20_000 },
  );

  if (outcome.kind === "membership_required") {
    throw new Refusal(
      "conflict",
      "membership_required",
      `Ask an admin of ${outcome.account.name} to add you as a member with lead access, then accept this invitation again`,
      { account: { name: outcome.account.name } },
    );
  }
  const connection = outcome.connection;
  const [account, steps] = await Promise.all([
    prisma.account.findUniqueOrThrow({ where: { id: connection.buyerAccountId } }),
    connection.flowId ? prisma.flowStep.count({ where: { flowId: connection.flowId, enabled: true } }) : Promise.resolve(0),
  ]);
  const accountCreated = outcome.kind === "accepted" && outcome.accountCreated;
  return {
    created: outcome.kind === "accepted",
    connection: toConnectionView(connection, connection.buyerAccountId, publicUrl),
    account: { ...toAccountView(account), created: accountCreated },
    user: { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name },
    accountApiKey: outcome.kind === "accepted" ? outcome.accountApiKey : null,
    needsDestination: steps === 0,
  };
}

function invitationNotFound(): Refusal {
  return new Refusal("not_found", "invitation_not_found", "No invitation matches this link: check that it was copied whole");
}

async function lockInvitation(tx: Prisma.TransactionClient, token: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM invitations WHERE token_hash = ${hashSecretToken(token)} FOR UPDATE`;
  if (!locked) throw invitationNotFound();
  return tx.invitation.findUniqueOrThrow({
    where: { id: locked.id },
    include: { seller: { select: { id: true, name: true } }, connection: { include: CONNECTION_PARTIES } },
  });
}

type ResolvedBuyer =
  | {
      kind: "buyer";
      buyer: { id: string; name: string };
      user: { id: string; email: string; name: string | null };
      accountCreated: boolean;
    }
  | { kind: "membership_required"; account: { id: string; name: string } };

/** The account that accepts: the person's own (membership), else a new partner account, unless their domain's account needs them as a member first. */
async function resolveBuyer(
  tx: Prisma.TransactionClient,
  acceptance: Acceptance,
  email: string,
  invitationId: string,
  seller: { id: string; name: string },
): Promise<ResolvedBuyer> {
  const domain = emailDomainOf(email);
  const freeDomain = isFreeEmailDomain(domain);
  // Serialises people of one domain accepting at once: one claims the domain, the others must join.
  if (!freeDomain) await lockEmailDomain(tx, domain);

  const existingUser = await findUserByEmail(tx, email);
  const memberships = existingUser
    ? await tx.membership.findMany({
        where: { userId: existingUser.id, status: "active" },
        include: { account: { select: { id: true, name: true } } },
        orderBy: { id: "asc" },
      })
    : [];

  if (memberships.length) {
    const candidates = memberships.filter((membership) => membership.accountId !== seller.id);
    const chosen = acceptance.accountId
      ? memberships.find((membership) => membership.accountId === acceptance.accountId)
      : candidates.length === 1
        ? candidates[0]
        : undefined;
    if (acceptance.accountId && !chosen)
      throw new Refusal("forbidden", "not_a_member", "You are not a member of the account named by account_id");
    if (candidates.length === 0 || chosen?.accountId === seller.id) {
      throw new Refusal("conflict", "self_connection", "You are a member of the seller's own account: an account cannot connect to itself");
    }
    if (!chosen) {
      throw new Refusal(
        "conflict",
        "account_choice_required",
        "You belong to several accounts: name the one that accepts with account_id",
        {
          accounts: candidates.map((membership) => ({ id: membership.account.id, name: membership.account.name })),
        },
      );
    }
    if (!chosen.leadAccess) {
      throw new Refusal(
        "forbidden",
        "lead_access_required",
        `Ask an admin of ${chosen.account.name} to give you lead access, then accept this invitation again`,
      );
    }
    const user = await findOrCreateUser(tx, { email, name: acceptance.name });
    return { kind: "buyer", buyer: chosen.account, user, accountCreated: false };
  }

  if (acceptance.accountId) throw new Refusal("forbidden", "not_a_member", "You are not a member of the account named by account_id");
  if (!freeDomain) {
    const owner = await tx.account.findFirst({ where: { emailDomain: domain }, orderBy: { id: "asc" }, select: { id: true, name: true } });
    if (owner) {
      await requestAccountAccess(tx, { account: owner, requester: { email, name: acceptance.name }, invitationId, seller });
      return { kind: "membership_required", account: owner };
    }
  }
  const user = await findOrCreateUser(tx, { email, name: acceptance.name });
  const account = await createAccount(tx, {
    name: acceptance.company?.trim() || (freeDomain ? acceptance.name : domain),
    plan: "partner",
    emailDomain: freeDomain ? null : domain,
  });
  await tx.membership.create({ data: { id: newId(), accountId: account.id, userId: user.id, role: "admin", leadAccess: true } });
  return { kind: "buyer", buyer: account, user, accountCreated: true };
}

/** The flow the seller will post into; creating one obeys the plan (a partner account has one). */
async function chooseFlow(
  tx: Prisma.TransactionClient,
  accountId: string,
  plan: Plan,
  choice: FlowChoice | null,
  invitedFields: readonly string[],
) {
  if (choice?.kind === "existing") {
    const flow = isId(choice.flowId) ? await tx.flow.findFirst({ where: { id: choice.flowId, accountId } }) : null;
    if (!flow) throw new Refusal("not_found", "flow_not_found", "No flow with this flow_id in your account");
    return flow;
  }
  if (!choice) {
    if (plan === "paid") {
      throw new Refusal(
        "invalid",
        "flow_choice_required",
        `Choose where this seller's leads go: {"flow":"new"} creates "${BUYER_STEP_FLOW_NAME}", {"flow_id":"…"} uses one of your flows`,
      );
    }
    const existing = await tx.flow.findFirst({ where: { accountId }, orderBy: { id: "asc" } });
    if (existing) return existing;
  }
  assertPlanAllowsAnother(plan, "flow", await tx.flow.count({ where: { accountId } }));
  // Custom fields the seller said it will send are declared, so docs and typing know them.
  const fields = invitedFields.filter((name) => !standardField(name) && fieldNameSchema.safeParse(name).success).map((name) => ({ name }));
  return createFlow(tx, { accountId, name: BUYER_STEP_FLOW_NAME, fields });
}
