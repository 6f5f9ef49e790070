import { createAccount } from "../accounts/create-account.ts";
import { issueAccountKey } from "../accounts/issue-account-key.ts";
import { issueConnectionPostingKey } from "../connections/issue-connection-posting-key.ts";
import type { ConnectionView } from "../connections/connection-view.ts";
import type { SecretBox } from "../crypto/secret-box.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { nothingCachedYet } from "../intake/source-context-changes.ts";
import { acceptInvitation, type FlowChoice } from "../invitations/accept-invitation.ts";
import { createInvitation } from "../invitations/create-invitation.ts";
import { createLogger } from "../logger.ts";
import { findOrCreateUser } from "../users/find-or-create-user.ts";

export interface PartnerOnboardingInput {
  publicUrl: string;
  /** A new seller account (paid unless said otherwise) with this person as admin. */
  seller: { name: string; adminEmail: string; adminName: string; plan?: "partner" | "paid" };
  /** The invited buyer; a new partner account is created unless the email is already a member of one. */
  buyer: { email: string; name: string; company?: string; flow?: FlowChoice };
  /** Fields the seller says it will send. */
  fields?: string[];
}

export interface PartnerOnboarding {
  seller: { accountId: string; accountApiKey: string };
  buyer: { accountId: string; accountApiKey: string; userId: string; needsDestination: boolean };
  invitation: { id: string; acceptUrl: string };
  /** As the seller sees it. */
  connection: ConnectionView;
  flowId: string;
  sourceId: string;
  submitUrl: string;
  docsUrl: string;
  /** The seller's posting key for submitUrl (shown once). */
  postingKey: string;
}

/**
 * The whole invited-partner journey through the same functions the API uses: a seller account
 * invites a buyer by email, the buyer accepts (getting a partner account and its one flow, with
 * the seller as Account Source), and the seller is issued its posting key. For `npm run demo` and
 * tests; the buyer still has to add a destination to its flow before leads are delivered.
 */
export async function onboardInvitedBuyer(
  prisma: PrismaClient,
  secretBox: SecretBox,
  input: PartnerOnboardingInput,
): Promise<PartnerOnboarding> {
  const sellerAccount = await createAccount(prisma, { name: input.seller.name, plan: input.seller.plan ?? "paid" });
  const sellerAdmin = await findOrCreateUser(prisma, { email: input.seller.adminEmail, name: input.seller.adminName });
  await prisma.membership.create({
    data: { id: newId(), accountId: sellerAccount.id, userId: sellerAdmin.id, role: "admin", leadAccess: true },
  });
  const sellerKey = await issueAccountKey(prisma, sellerAccount.id, "demo");

  const sent = await createInvitation(
    { prisma, secretBox, publicUrl: input.publicUrl, mailer: null, logger: createLogger("silent"), defaultTtlDays: 14 },
    { sellerAccountId: sellerAccount.id, email: input.buyer.email, fields: input.fields },
  );
  const accepted = await acceptInvitation(prisma, input.publicUrl, {
    token: sent.token,
    email: input.buyer.email,
    name: input.buyer.name,
    company: input.buyer.company,
    flow: input.buyer.flow,
    issueKeyForNewAccount: true,
  });
  const buyerKey = accepted.accountApiKey ?? (await issueAccountKey(prisma, accepted.account.id, "demo")).key;
  const { connection, postingKey } = await issueConnectionPostingKey(
    prisma,
    sellerAccount.id,
    accepted.connection.id,
    input.publicUrl,
    nothingCachedYet,
  );

  return {
    seller: { accountId: sellerAccount.id, accountApiKey: sellerKey.key },
    buyer: {
      accountId: accepted.account.id,
      accountApiKey: buyerKey,
      userId: accepted.user.id,
      needsDestination: accepted.needsDestination,
    },
    invitation: { id: sent.invitation.id, acceptUrl: sent.acceptUrl },
    connection,
    flowId: connection.flow_id!,
    sourceId: connection.source_id!,
    submitUrl: connection.submit_url!,
    docsUrl: connection.docs_url!,
    postingKey,
  };
}
