import type { App, BlockAction, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { decideMembership, type MembershipDecision } from "../../../core/members/confirm-membership.ts";
import { linkSlackIdentity } from "../../../core/slack/slack-identity.ts";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { membershipDecidedMessage } from "../../../slack/blocks/membership-message.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { NO_EMAIL_MESSAGE } from "../../onboarding/acceptance-context.ts";
import { slackPerson } from "../../slack-person.ts";
import { firstAction } from "../payload.ts";
import { inOwnThread } from "./in-own-thread.ts";

/**
 * "Join" / "Decline" on "<Account> added you": the button names a pending membership by id; it
 * is decided only when that membership is the clicker's own, by their verified Slack profile
 * email. Any other id gets one answer that names nothing.
 */
export function register(app: App, deps: BotDeps): void {
  const decide =
    (decision: MembershipDecision) =>
    ({ ack, body, client, context }: { ack: () => Promise<void>; body: BlockAction; client: WebClient; context: Context }) =>
      inOwnThread(deps.logger, { ack, body, client, context }, async ({ teamId, thread, reply }) => {
        const person = await slackPerson(client, body.user.id);
        if (!person.email) {
          await reply(NO_EMAIL_MESSAGE);
          return;
        }
        const decided = await decideMembership(
          deps.prisma,
          { kind: "verified_email", membershipId: firstAction(body).value ?? "", email: person.email },
          decision,
        );
        await linkSlackIdentity(deps.prisma, { teamId, slackUserId: body.user.id, userId: decided.userId });
        await postToThreadOrDm(
          client,
          thread,
          teamId,
          body.user.id,
          membershipDecidedMessage({ decision, accountName: decided.accountName }),
        );
      });
  app.action<BlockAction>(ACTIONS.joinAccount, decide("join"));
  app.action<BlockAction>(ACTIONS.declineAccount, decide("decline"));
}
