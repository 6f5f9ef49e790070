import { escapeHtml } from "../email/escape-html.ts";
import type { OutgoingEmail } from "../email/mailer.ts";

/** The email with the 6-digit code that proves the invited inbox reached the person in Slack. */
export function inboxCodeEmail(input: { to: string; code: string; sellerName: string; slackName: string; expiresAt: Date }): OutgoingEmail {
  const minutes = Math.round((input.expiresAt.getTime() - Date.now()) / 60_000);
  const text = [
    `Your leadrelay code: ${input.code}`,
    "",
    `${input.slackName} asked in Slack to accept ${input.sellerName}'s invitation, which was sent to ${input.to}. Enter this code in Slack to accept it as them.`,
    `It works once, for ${minutes} minutes. If you did not ask for it, ignore this email: nothing happens without the code.`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p>Your leadrelay code:</p>
<p style="font-size:28px;font-weight:700;letter-spacing:4px">${escapeHtml(input.code)}</p>
<p>${escapeHtml(input.slackName)} asked in Slack to accept ${escapeHtml(input.sellerName)}'s invitation, which was sent to ${escapeHtml(input.to)}. Enter this code in Slack to accept it as them.</p>
<p style="color:#555">It works once, for ${minutes} minutes. If you did not ask for it, ignore this email: nothing happens without the code.</p>
</body></html>`;
  return { to: input.to, subject: `${input.code} is your leadrelay code`, text, html };
}
