import type { InvitationNotice, InvitationNotification, InvitationNotifier } from "../core/invitations/invitation-notifier.ts";
import type { Logger } from "../core/logger.ts";
import { invitationMessage } from "./blocks/invitation-message.ts";
import { directMessageChannel, postMessage } from "./conversation.ts";
import type { SlackWorkspaces } from "./slack-workspaces.ts";

/**
 * Reaches an invited buyer in Slack: every connected workspace is asked for the email
 * (users.lookupByEmail); where it is known, the bot DMs them the invitation with its
 * "Accept invite to connect" button. The button names the invitation by id, never its token.
 */
export class SlackInvitationNotifier implements InvitationNotifier {
  constructor(
    private readonly workspaces: SlackWorkspaces,
    private readonly logger: Logger,
  ) {}

  async invitationCreated(notice: InvitationNotice): Promise<InvitationNotification> {
    const sentTo: string[] = [];
    let workspaces;
    try {
      workspaces = await this.workspaces.all();
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, "no Slack workspace reachable for an invitation");
      return { sent: false, detail: "Slack could not be reached" };
    }
    for (const { teamId, client } of workspaces) {
      try {
        const found = await client.users.lookupByEmail({ email: notice.email }).catch((error: { data?: { error?: string } }) => {
          if (error.data?.error === "users_not_found") return null;
          throw error;
        });
        const user = found?.user;
        if (!user?.id || user.deleted || user.is_bot) continue;
        const channel = await directMessageChannel(client, user.id);
        await postMessage(client, channel, invitationMessage({ ...notice, invitedBy: notice.invitedBy }));
        sentTo.push(user.profile?.display_name || user.name || user.id);
      } catch (error) {
        this.logger.warn({ err: (error as Error).message, teamId, invitationId: notice.invitationId }, "invitation DM failed");
      }
    }
    return sentTo.length
      ? { sent: true, detail: `Sent in Slack to @${sentTo.join(", @")}` }
      : { sent: false, detail: "No connected Slack workspace knows this email" };
  }
}
