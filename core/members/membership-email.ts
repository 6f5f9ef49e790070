import { escapeHtml } from "../email/escape-html.ts";
import type { OutgoingEmail } from "../email/mailer.ts";

export interface MembershipEmailContent {
  to: string;
  accountName: string;
  confirmUrl: string;
  expiresAt: Date;
}

/** "<Account> added you on leadrelay": the link opens a page where the person joins or declines. */
export function membershipEmail(content: MembershipEmailContent): OutgoingEmail {
  const expires = content.expiresAt.toUTCString();
  const text = [
    `${content.accountName} added you as a member of their leadrelay account.`,
    "You are not a member until you say yes: nothing changes for you until then.",
    "",
    `Join or decline: ${content.confirmUrl}`,
    "",
    `If you do not know ${content.accountName}, decline or ignore this email. The link is for ${content.to} only and expires on ${expires}.`,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p><strong>${escapeHtml(content.accountName)}</strong> added you as a member of their leadrelay account.</p>
<p>You are not a member until you say yes: nothing changes for you until then.</p>
<p><a href="${escapeHtml(content.confirmUrl)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Join or decline</a></p>
<p style="color:#555">If you do not know ${escapeHtml(content.accountName)}, decline or ignore this email. The link is for ${escapeHtml(content.to)} only and expires on ${escapeHtml(expires)}.</p>
</body></html>`;
  return { to: content.to, subject: `${content.accountName} added you on leadrelay`, text, html };
}
