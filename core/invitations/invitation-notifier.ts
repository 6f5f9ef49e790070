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

export interface InvitationNotification {
  sent: boolean;
  detail: string;
}

/**
 * Reaches an invited person somewhere other than email (the Slack bot DMs them if a connected
 * workspace knows their address). Implementations live with their transport (bot/); core only
 * calls this after the invitation is stored. Must not throw.
 */
export interface InvitationNotifier {
  invitationCreated(notice: InvitationNotice): Promise<InvitationNotification>;
}
