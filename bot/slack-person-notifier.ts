import type { InvitationNotice, InvitationNotifier } from "../core/invitations/invitation-notifier.ts";
import type { Logger } from "../core/logger.ts";
import type { MembershipNotifier, PendingMembershipNotice } from "../core/members/membership-notifier.ts";
import { invitationMessage } from "../slack/blocks/invitation-message.ts";
import { membershipMessage } from "../slack/blocks/membership-message.ts";
import { directMessageByEmail } from "./dm-by-email.ts";
import type { SlackWorkspaces } from "./slack-workspaces.ts";

/**
 * Reaches a person core wants an answer from, in Slack: every connected workspace is asked for
 * their email; where it is known, the bot DMs them. Nothing about who was found goes back to the
 * account that asked.
 */
export class SlackPersonNotifier implements InvitationNotifier, MembershipNotifier {
  constructor(
    private readonly workspaces: SlackWorkspaces,
    private readonly logger: Logger,
  ) {}

  /** The invitation with its "Accept invite to connect" button (which names the invitation by id, never its token). */
  async invitationCreated(notice: InvitationNotice): Promise<void> {
    await directMessageByEmail(this.workspaces, this.logger, notice.email, invitationMessage(notice), {
      invitationId: notice.invitationId,
    });
  }

  /** "<Account> added you — Join / Decline". */
  async membershipPending(notice: PendingMembershipNotice): Promise<void> {
    await directMessageByEmail(this.workspaces, this.logger, notice.email, membershipMessage(notice), {
      membershipId: notice.membershipId,
    });
  }
}
