import { recordInvitationClaim } from "../core/invitations/invitation-claims.ts";
import { invitationState } from "../core/invitations/invitation-view.ts";
import type { BotDeps } from "./bot-deps.ts";
import { invitationMessage } from "../slack/blocks/invitation-message.ts";
import { startDmThread } from "./conversation.ts";
import { directMessageByEmail } from "./dm-by-email.ts";
import type { SlackInstalled } from "./slack-oauth.ts";
import type { SingleWorkspace } from "./slack-workspaces.ts";
import { within } from "./within.ts";
import { findInvitationWithSeller } from "../core/invitations/invitation-with-seller.ts";

/**
 * How an invitation's landing page hands the invitation to Slack:
 * - after "Add to Slack" (multi-workspace), the installing person gets it in a DM with its
 *   Accept button, and holds a claim on it (they came from its link), so a Slack email that is
 *   not the invited one can still accept with the emailed code;
 * - "Send it to me in Slack" (one workspace) DMs the invited address's Slack user, if the
 *   workspace knows it; nothing is returned, so the page cannot tell who is in the workspace.
 */
export class InvitationInSlack {
  constructor(
    private readonly deps: BotDeps,
    private readonly single: SingleWorkspace | null,
  ) {}

  private async pending(invitationId: string) {
    const invitation = await findInvitationWithSeller(this.deps.prisma, invitationId);
    return invitation && invitationState(invitation) === "pending" ? invitation : null;
  }

  private message(invitation: NonNullable<Awaited<ReturnType<InvitationInSlack["pending"]>>>) {
    return invitationMessage({
      invitationId: invitation.id,
      sellerName: invitation.seller.name,
      invitedBy: null,
      email: invitation.email,
      fields: invitation.fields,
      expiresAt: invitation.expiresAt,
    });
  }

  /** After an install started from an invitation's page: the installer's DM shows it. Returns the seller's name, or null when there is nothing to show. */
  async showToInstaller(install: SlackInstalled): Promise<{ sellerName: string } | null> {
    if (!install.invitationId || !install.installerUserId) return null;
    const invitation = await this.pending(install.invitationId);
    const client = invitation ? await this.deps.workspaces.forTeam(install.teamId) : null;
    if (!invitation || !client) return null;
    await recordInvitationClaim(this.deps.prisma, {
      invitationId: invitation.id,
      teamId: install.teamId,
      slackUserId: install.installerUserId,
    });
    await startDmThread(client, install.teamId, install.installerUserId, this.message(invitation));
    return { sellerName: invitation.seller.name };
  }

  /** "Send it to me in Slack": a DM to the invited address's Slack user, if any (never says whether). */
  async sendToInvitedPerson(invitationId: string): Promise<void> {
    const invitation = await this.pending(invitationId);
    if (!invitation) return;
    await directMessageByEmail(this.deps.workspaces, this.deps.logger, invitation.email, this.message(invitation), { invitationId });
  }

  /**
   * "Open Slack": the app's page in the workspace (its DM), or null when Slack cannot be asked
   * within a second (the landing page never waits on an unreachable Slack).
   */
  async openSlackUrl(): Promise<string | null> {
    if (!this.single) return null;
    try {
      const app = await within(this.single.appIdentity(), 1_000);
      return app ? appRedirectUrl(app.appId, app.teamId) : null;
    } catch (error) {
      this.deps.logger.warn({ err: (error as Error).message }, "could not look up the Slack app for the Open Slack link");
      return null;
    }
  }
}

/** Slack's deep link to an app (opens the desktop or web client at the app's messages). */
export function appRedirectUrl(appId: string | null, teamId: string): string {
  const query = new URLSearchParams({ ...(appId ? { app: appId } : {}), team: teamId });
  return `https://slack.com/app_redirect?${query.toString()}`;
}
