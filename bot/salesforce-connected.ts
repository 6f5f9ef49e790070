import type { AuthorizationOrigin } from "../core/destinations/salesforce-authorization.ts";
import { findDestinationThread } from "../core/slack/slack-thread.ts";
import type { BotDeps } from "./bot-deps.ts";
import { destinationSavedIntro } from "../slack/blocks/test-lead-modal.ts";
import { postInThread, startDmThread } from "./conversation.ts";
import { destinationReadyMessage } from "./onboarding/destination-step.ts";
import { testLeadModalFor } from "./onboarding/test-lead.ts";
import { findAccountDestinationRow } from "../core/destinations/destination-rows.ts";

export interface SalesforceConnected {
  accountId: string;
  destinationId: string;
  origin: AuthorizationOrigin | null;
}

/**
 * After the browser round trip ("Salesforce is connected"), Slack moves on by itself: the
 * modal that showed "Authorize in Salesforce", if still open, becomes the test-lead form
 * (views.update on the view id sealed in the authorization link), and the destination's thread
 * (else the person's DM) gets "<name> is set up" with its Send test lead button.
 * Returns true when something was shown in Slack.
 */
export async function showSalesforceConnected(deps: BotDeps, input: SalesforceConnected): Promise<boolean> {
  const destination = await findAccountDestinationRow(deps.prisma, input.accountId, input.destinationId);
  if (!destination) return false;
  const thread = await findDestinationThread(deps.prisma, destination.id);
  const teamId = input.origin?.teamId ?? thread?.teamId;
  const client = teamId ? await deps.workspaces.forTeam(teamId) : null;
  if (!client || !teamId) return false;
  const sameTeamThread = thread && thread.teamId === teamId ? { teamId, channelId: thread.channelId, threadTs: thread.threadTs } : null;
  let shown = false;
  if (input.origin?.viewId) {
    try {
      await client.views.update({
        view_id: input.origin.viewId,
        view: testLeadModalFor(destination, sameTeamThread, destinationSavedIntro(destination.name, "Salesforce is connected")),
      });
      shown = true;
    } catch (error) {
      // Closed meanwhile (Slack answers not_found): the thread message below carries the next step.
      deps.logger.debug({ err: (error as Error).message, destinationId: destination.id }, "the authorize modal could not be updated");
    }
  }
  const message = await destinationReadyMessage(deps, destination, "Salesforce is connected");
  if (sameTeamThread) await postInThread(client, sameTeamThread, message);
  else if (input.origin) await startDmThread(client, teamId, input.origin.slackUserId, message);
  else return shown;
  return true;
}
