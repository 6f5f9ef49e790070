import { html } from "hono/html";
import type { InvitationPreview } from "../../core/invitations/preview-invitation.ts";

const STATE_TEXT = {
  pending: "This invitation is waiting for you.",
  expired: "This invitation has expired: ask the seller to send a new one.",
  accepted: "This invitation has already been accepted.",
  revoked: "This invitation was revoked by the seller.",
} as const;

/** The page an "Accept invite to connect" link opens. Every interpolated value is escaped by `html`. */
export function invitationPage(preview: InvitationPreview | null) {
  if (!preview) {
    return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invitation not found · leadrelay</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto"><h1>Invitation not found</h1><p>No invitation matches this link: check that it was copied whole.</p></body></html>`;
  }
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invitation from ${preview.seller_account.name} · leadrelay</title></head>
<body style="font-family:sans-serif;max-width:40rem;margin:2rem auto">
<h1>${preview.seller_account.name} invites you to connect</h1>
<p>${preview.seller_account.name} wants to send you leads through leadrelay.</p>
<p><strong>${STATE_TEXT[preview.status]}</strong></p>
<p>Invited: ${preview.email} · expires ${preview.expires_at.slice(0, 10)}</p>
${preview.fields.length ? html`<p>Fields they will send:</p><ul>${preview.fields.map((field) => html`<li><code>${field}</code></li>`)}</ul>` : ""}
${preview.status === "pending"
    ? html`<h2>Accept invite to connect</h2>
<p>Accept from the leadrelay Slack app (or your company's leadrelay sign-in), which confirms you are ${preview.email}. A free partner account is created for you if your company has none.</p>
<p>If your company already has a leadrelay account, ask one of its admins to add you as a member with lead access first.</p>`
    : ""}
</body></html>`;
}
