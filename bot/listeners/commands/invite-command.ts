import { z } from "zod";
import { createInvitation } from "../../../core/invitations/create-invitation.ts";
import { countInvitation, invitationLimitMessage } from "../../../core/rate-limits/invitation-rate.ts";
import { Refusal } from "../../../core/refusal.ts";
import { escapeSlackText } from "../../blocks/slack-text.ts";
import { currentAccount, resolveActor } from "../../slack-actor.ts";
import type { CommandContext } from "./command-context.ts";

const emailSchema = z.email();
const fieldSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/i);

/** `/leadrelay invite <email> [field,field…]`: a seller invites a buyer (also DM'd in Slack when a connected workspace knows them; the answer never says whether). */
export async function inviteCommand(args: string[], context: CommandContext): Promise<void> {
  const { deps } = context;
  const [rawEmail, ...rest] = args;
  const email = rawEmail?.replace(/^<mailto:[^|]+\|(.+)>$/, "$1").replace(/^<mailto:(.+)>$/, "$1") ?? "";
  if (!emailSchema.safeParse(email).success) throw new Refusal("invalid", "invalid_email", "Usage: /leadrelay invite buyer@example.com [first_name,last_name,email,phone_1]");
  const fields = rest.join(" ").split(/[\s,]+/).filter(Boolean);
  const badField = fields.find((field) => !fieldSchema.safeParse(field).success);
  if (badField) throw new Refusal("invalid", "invalid_field", `“${badField}” is not a field name (letters, digits, _ and dots)`);
  const actor = await resolveActor(deps, context.client, context.teamId, context.userId);
  const account = currentAccount(actor);
  const rate = await countInvitation(deps.invitationLimiter, account.id);
  if (rate.limited) {
    await context.ack({ response_type: "ephemeral", text: `:hourglass: Not sent: ${invitationLimitMessage(deps.invitationLimiter!, rate)}.` });
    return;
  }
  const sent = await createInvitation(deps.invitations, {
    sellerAccountId: account.id,
    email,
    ...(fields.length ? { fields } : {}),
    invitedBy: actor.user?.name ?? actor.user?.email ?? null,
  });
  // Whether Slack knows the person is not said (it would tell any account who is in which workspace).
  const again = sent.created ? "Invited" : "Invited again";
  const slackLine = "If they are in a Slack workspace with leadrelay, they get a direct message too.";
  const text = sent.email.sent
    ? `${again} ${email} to connect with ${escapeSlackText(account.name)}: ${sent.email.detail}. ${slackLine}`
    : `${again} ${email} to connect with ${escapeSlackText(account.name)}. ${slackLine} ${sent.notified ? "" : "They were already notified in the last 24 hours, so nothing was sent again. "}To be sure they get it, send them this link yourself (it works once, for ${email} only): ${sent.acceptUrl}`;
  await context.ack({ response_type: "ephemeral", text });
}
