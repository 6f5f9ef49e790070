/** A pending membership as the added person is told about it (never its token). */
export interface PendingMembershipNotice {
  membershipId: string;
  email: string;
  accountName: string;
  role: "admin" | "member";
  leadAccess: boolean;
}

/**
 * Reaches a person an account added, somewhere other than email (the Slack bot DMs them
 * "<Account> added you — Join / Decline" when a connected workspace knows their address).
 * Implementations live with their transport (bot/). Must not throw; nothing it learns goes back
 * to the account that added the person.
 */
export interface MembershipNotifier {
  membershipPending(notice: PendingMembershipNotice): Promise<void>;
}
