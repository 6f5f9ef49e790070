import { escapeHtml } from "../email/escape-html.ts";
import type { OutgoingEmail } from "../email/mailer.ts";

export interface InvitationEmailContent {
  to: string;
  sellerName: string;
  acceptUrl: string;
  fields: readonly string[];
  expiresAt: Date;
}

/** The invitation email: who invites, what they will send, and the "Accept invite to connect" link. */
export function invitationEmail(content: InvitationEmailContent): OutgoingEmail {
  const expires = content.expiresAt.toUTCString();
  const fieldsLine = content.fields.length ? `They will send these fields: ${content.fields.join(", ")}.` : "";
  const text = [
    `${content.sellerName} invites you to connect on leadrelay and receive their leads.`,
    fieldsLine,
    "",
    `Accept invite to connect: ${content.acceptUrl}`,
    "",
    "If your company already has a leadrelay account, make sure you are a member of it (with lead access) before accepting.",
    `This invitation is for ${content.to} only and expires on ${expires}.`,
  ]
    .filter((line, index, lines) => line !== "" || lines[index - 1] !== "")
    .join("\n");
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p><strong>${escapeHtml(content.sellerName)}</strong> invites you to connect on leadrelay and receive their leads.</p>
${content.fields.length ? `<p>They will send these fields: ${content.fields.map(escapeHtml).join(", ")}.</p>` : ""}
<p><a href="${escapeHtml(content.acceptUrl)}" style="display:inline-block;padding:10px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">Accept invite to connect</a></p>
<p>If your company already has a leadrelay account, make sure you are a member of it (with lead access) before accepting.</p>
<p style="color:#555">This invitation is for ${escapeHtml(content.to)} only and expires on ${escapeHtml(expires)}.</p>
</body></html>`;
  return { to: content.to, subject: `${content.sellerName} invites you to connect on leadrelay`, text, html };
}
