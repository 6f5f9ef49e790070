import type { InvitationNotice, InvitationNotifier } from "../core/invitations/invitation-notifier.ts";
import type { Logger } from "../core/logger.ts";
import { invitationMessage } from "../slack/blocks/invitation-message.ts";
import { directMessageByEmail } from "./dm-by-email.ts";
import type { SlackWorkspaces } from "./slack-workspaces.ts";

/**
 * Reaches an invited buyer in Slack: every connected workspace is asked for the email; where it
 * is known, the bot DMs them the invitation with its "Accept invite to connect" button (which
 * names the invitation by id, never its token). Nothing about who was found goes back to the
 * inviting account.
 */
export class SlackInvitationNotifier implements InvitationNotifier {
  constructor(
    private readonly workspaces: SlackWorkspaces,
    private readonly logger: Logger,
  ) {}

  async invitationCreated(notice: InvitationNotice): Promise<void> {
    await directMessageByEmail(this.workspaces, this.logger, notice.email, invitationMessage(notice), {
      invitationId: notice.invitationId,
    });
  }
}
