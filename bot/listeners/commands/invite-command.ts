import { z } from "zod";
import { createInvitation } from "../../../core/invitations/create-invitation.ts";
import { countInvitation, invitationLimitMessage } from "../../../core/rate-limits/invitation-rate.ts";
import { Refusal } from "../../../core/refusal.ts";
import { invitationSentReply } from "../../../slack/blocks/invitation-message.ts";
import { escapeMrkdwn } from "../../../slack/blocks/mrkdwn.ts";
import { slack } from "../../../slack/blocks/slack-text.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";
import { linkTarget } from "./command-text.ts";

const emailSchema = z.email();
const fieldSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/i);

/** `/leadrelay invite <email> [field,field…]`: a seller invites a buyer (also DM'd in Slack when a connected workspace knows them; the answer never says whether). */
export async function inviteCommand(args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const [rawEmail, ...rest] = args;
  // Slack sends a typed email as `<mailto:a@b.c|a@b.c>` (should_escape); a plain one works too.
  const email = linkTarget(rawEmail ?? "");
  if (!emailSchema.safeParse(email).success)
    throw new Refusal("invalid", "invalid_email", "Usage: /leadrelay invite buyer@example.com [first_name,last_name,email,phone_1]");
  const fields = rest
    .join(" ")
    .split(/[\s,]+/)
    .filter(Boolean);
  const badField = fields.find((field) => !fieldSchema.safeParse(field).success);
  if (badField) throw new Refusal("invalid", "invalid_field", `“${badField}” is not a field name (letters, digits, _ and dots)`);
  const actor = await resolveActor(deps, context.client, context.teamId, context.userId);
  const account = currentAccount(actor);
  const rate = await countInvitation(deps.invitationLimiter, account.id);
  if (rate.limited) {
    await context.ack({
      response_type: "ephemeral",
      text: slack`:hourglass: Not sent: ${escapeMrkdwn(invitationLimitMessage(deps.invitationLimiter!, rate))}.`,
    });
    return;
  }
  const sent = await createInvitation(deps.invitations, {
    sellerAccountId: account.id,
    email,
    ...(fields.length ? { fields } : {}),
    invitedBy: actor.user?.name ?? actor.user?.email ?? null,
  });
  await context.ack(
    invitationSentReply({
      created: sent.created,
      email,
      accountName: account.name,
      emailDetail: sent.email.sent ? sent.email.detail : null,
      notified: sent.notified,
      acceptUrl: sent.acceptUrl,
    }),
  );
}
