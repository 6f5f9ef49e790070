import type { Prisma } from "../db/prisma.ts";
import { recordAccountEvent } from "../events/record-account-event.ts";

export const ACCESS_REQUESTED = "Access requested";

export interface AccessRequest {
  account: { id: string; name: string };
  requester: { email: string; name: string };
  invitationId: string;
  seller: { id: string; name: string };
}

/**
 * Tells an account's admins that someone from its email domain needs membership (with lead access)
 * to accept a seller's invitation: an `account` event (failure, "Access requested") whose snapshot
 * names the requester and the admins, for the Slack bot to relay. One per requester per hour, so
 * retried accepts do not spam the admins.
 */
export async function requestAccountAccess(tx: Prisma.TransactionClient, request: AccessRequest): Promise<void> {
  const recent = await tx.event.findFirst({
    where: {
      accountId: request.account.id,
      type: "account",
      reason: ACCESS_REQUESTED,
      createdAt: { gt: new Date(Date.now() - 3_600_000) },
      snapshot: { path: ["requester", "email"], equals: request.requester.email },
    },
    select: { id: true },
  });
  if (recent) return;
  const admins = await tx.membership.findMany({
    where: { accountId: request.account.id, role: "admin", status: "active" },
    select: { userId: true },
    orderBy: { id: "asc" },
  });
  await recordAccountEvent(tx, {
    accountId: request.account.id,
    outcome: "failure",
    reason: ACCESS_REQUESTED,
    snapshot: {
      requester: request.requester,
      admin_user_ids: admins.map((admin) => admin.userId),
      wants: { role: "member", lead_access: true },
      invitation_id: request.invitationId,
      seller_account: request.seller,
      message: `${request.requester.name} <${request.requester.email}> needs to be a member of ${request.account.name} with lead access to accept an invitation from ${request.seller.name}`,
    },
  });
}
