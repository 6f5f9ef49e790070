import type { Logger } from "../core/logger.ts";
import type { MembershipNotifier, PendingMembershipNotice } from "../core/members/membership-notifier.ts";
import { membershipMessage } from "../slack/blocks/membership-message.ts";
import { directMessageByEmail } from "./dm-by-email.ts";
import type { SlackWorkspaces } from "./slack-workspaces.ts";

/** "<Account> added you — Join / Decline", DM'd wherever a connected workspace knows the person's email. */
export class SlackMembershipNotifier implements MembershipNotifier {
  constructor(
    private readonly workspaces: SlackWorkspaces,
    private readonly logger: Logger,
  ) {}

  async membershipPending(notice: PendingMembershipNotice): Promise<void> {
    await directMessageByEmail(this.workspaces, this.logger, notice.email, membershipMessage(notice), {
      membershipId: notice.membershipId,
    });
  }
}
