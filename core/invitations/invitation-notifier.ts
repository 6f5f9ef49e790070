/** An invitation as the invited person is told about it (no token: the notifier offers its own accept). */
export interface InvitationNotice {
  invitationId: string;
  email: string;
  sellerName: string;
  /** The person at the seller who sent it, when known (e.g. `/leadrelay invite`). */
  invitedBy: string | null;
  fields: readonly string[];
  expiresAt: Date;
}

/**
 * Reaches an invited person somewhere other than email (the Slack bot DMs them if a connected
 * workspace knows their address). Implementations live with their transport (bot/); core only
 * calls this after the invitation is stored, in the background. It reports nothing back: whether
 * a workspace knows an email is not the inviting account's business.
 */
export interface InvitationNotifier {
  invitationCreated(notice: InvitationNotice): Promise<void>;
}
