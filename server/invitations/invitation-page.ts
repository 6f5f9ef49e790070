import { html } from "hono/html";
import type { InvitationPreview } from "../../core/invitations/preview-invitation.ts";
import { messagePage, pageLayout } from "../pages/page-layout.ts";

/** How this server runs the Slack app, which decides the landing page's primary action. */
export type SlackEntry =
  /** Multi-workspace install: "Add to Slack" carries the invitation through the install. */
  | { mode: "install"; installUrl: string }
  /** One workspace: the bot DMs the invited address's Slack user; "Open Slack" opens the app's DM. */
  | { mode: "workspace"; sendUrl: string; openSlackUrl: string | null }
  /** No Slack app on this server: only the command (for a bot run elsewhere) and the seller's help. */
  | { mode: "none" };

export interface InvitationPageInput {
  preview: InvitationPreview;
  /** The link itself: what `/leadrelay accept` takes. */
  acceptUrl: string;
  slack: SlackEntry;
  /** After "Send it to me in Slack": the same words whether Slack knows the address or not. */
  notice?: "sent" | "rate_limited" | null;
  /** SMTP is set up: a Slack email that is not the invited one can be proven with an emailed code. */
  canEmailCodes: boolean;
}

const dateOf = (iso: string) => iso.slice(0, 10);

/** The page an "Accept invite to connect" link opens. Every interpolated value is escaped by `html`. */
export function invitationPage(input: InvitationPageInput) {
  const { preview } = input;
  const seller = preview.seller_account.name;
  return pageLayout({
    title: `Invitation from ${seller}`,
    copyButtons: preview.status === "pending",
    body: html`<div class="card">
<h1>${seller} invites you to connect</h1>
<p>${seller} wants to send you leads through leadrelay: accept, choose where the leads go (HubSpot, Salesforce or a webhook) and send a test lead, all in Slack.</p>
${stateLine(preview)}
<dl><dt>Invited</dt><dd>${preview.email}</dd><dt>Expires</dt><dd>${dateOf(preview.expires_at)}</dd></dl>
${preview.fields.length ? html`<p>Fields they will send:</p><ul class="fields">${preview.fields.map((field) => html`<li><code>${field}</code></li>`)}</ul>` : ""}
</div>
${preview.status === "pending" ? pendingActions(input) : closedAdvice(preview)}`,
  });
}

function stateLine(preview: InvitationPreview) {
  switch (preview.status) {
    case "pending":
      return html`<p><span class="status">Waiting for you</span></p>`;
    case "expired":
      return html`<p><span class="status bad">Expired</span></p>`;
    case "revoked":
      return html`<p><span class="status bad">Withdrawn</span></p>`;
    case "accepted":
      return html`<p><span class="status done">Accepted</span></p>`;
  }
}

function pendingActions(input: InvitationPageInput) {
  const { slack, preview } = input;
  const notice =
    input.notice === "sent"
      ? html`<p role="status" class="notice"><strong>Sent.</strong> If ${preview.email} is in this Slack workspace, leadrelay has sent you a direct message with the invitation: open Slack and press <em>Accept invite to connect</em>. Nothing there? Paste the command below instead.</p>`
      : input.notice === "rate_limited"
        ? html`<p role="status" class="notice"><strong>Already sent several times within the hour.</strong> Look in Slack for the direct message from leadrelay, or paste the command below.</p>`
        : "";
  const primary =
    slack.mode === "install"
      ? html`<h2>Accept invite to connect</h2>
<p>Add leadrelay to your Slack workspace: once it is installed, leadrelay sends you this invitation in a direct message with its <em>Accept invite to connect</em> button.</p>
<p><a class="button primary" href="${slack.installUrl}">Add to Slack</a></p>
<p class="muted">Your workspace already has leadrelay? Paste the command below in Slack instead.</p>`
      : slack.mode === "workspace"
        ? html`<h2>Accept invite to connect</h2>
<p>leadrelay can send this invitation to ${preview.email} in your Slack workspace, as a direct message with its <em>Accept invite to connect</em> button.</p>
${notice}
<form method="post" action="${slack.sendUrl}"><button class="button${input.notice ? "" : " primary"}" type="submit">${input.notice ? "Send it again" : "Send it to me in Slack"}</button></form>
${slack.openSlackUrl ? html`<a class="button${input.notice ? " primary" : ""}" href="${slack.openSlackUrl}">Open Slack</a>` : ""}`
        : html`<h2>Accept invite to connect</h2><p>Ask ${preview.seller_account.name} how their leadrelay is reached in Slack, then paste the command below there.</p>`;
  return html`<div class="card">${primary}
<h2>Or paste this in Slack</h2>
<p>In any channel or in a direct message to leadrelay:</p>
<div class="copy"><code id="accept-command">/leadrelay accept ${input.acceptUrl}</code><button class="button" type="button" data-copy="accept-command">Copy</button></div>
<p id="accept-command-status" role="status" class="muted"></p>
<h2>Your Slack email is not ${preview.email}?</h2>
${
  input.canEmailCodes
    ? html`<p>Paste the command anyway: leadrelay emails a 6-digit code to ${preview.email}, and entering it in Slack proves the invitation reached you.</p>`
    : html`<p>Ask ${preview.seller_account.name} to invite the address you use in Slack: this invitation can only be accepted as ${preview.email}.</p>`
}
<p class="muted">If your company already has a leadrelay account, ask one of its admins to add you as a member first.</p>
</div>`;
}

function closedAdvice(preview: InvitationPreview) {
  const seller = preview.seller_account.name;
  switch (preview.status) {
    case "expired":
      return html`<div class="card"><h2>What to do now</h2><p>This invitation expired on ${dateOf(preview.expires_at)}. Ask ${seller} to send you a new one: it arrives by email like this one.</p></div>`;
    case "revoked":
      return html`<div class="card"><h2>What to do now</h2><p>${seller} withdrew this invitation${preview.revoked_at ? html` on ${dateOf(preview.revoked_at)}` : ""}. If you still expect their leads, ask them to invite you again.</p></div>`;
    case "accepted":
      return html`<div class="card"><h2>What to do now</h2><p>Accepted${preview.accepted_by ? html` by ${preview.accepted_by}` : ""}${preview.accepted_at ? html` on ${dateOf(preview.accepted_at)}` : ""}. An invitation works once.</p>
<p>If that was you or your team, carry on in Slack: type <code>/leadrelay status</code> there. If not, tell ${seller}, and ask them for a new invitation.</p></div>`;
    default:
      return "";
  }
}

export function invitationNotFoundPage() {
  return messagePage({
    title: "Invitation not found",
    message: "No invitation matches this link: check that it was copied whole, or ask the seller to send it again.",
  });
}
