import { html } from "hono/html";
import type { PendingMembership } from "../../core/members/confirm-membership.ts";
import { pageLayout } from "../pages/page-layout.ts";

/** In the shared page layout, as one card. */
const page = (title: string, body: ReturnType<typeof html>) => pageLayout({ title, body: html`<div class="card">${body}</div>` });

/**
 * The page the emailed link opens: it asks, and only the form's POST changes anything (mail
 * scanners that open links must not join anyone). Every interpolated value is escaped by `html`.
 */
export function membershipConfirmPage(pending: PendingMembership | null, token: string) {
  if (!pending) {
    return page(
      "Link not valid",
      html`<h1>This link is not valid any more</h1><p>This request to join an account is not for you, was already answered, or has expired.</p>`,
    );
  }
  const what = pending.role === "admin" ? "an admin" : "a member";
  return page(
    `Join ${pending.account.name}?`,
    html`<h1>${pending.account.name} added you</h1>
<p>${pending.account.name} added ${pending.email} as ${what} of their leadrelay account${pending.leadAccess ? ", with access to leads" : ""}.</p>
<p>You are not a member until you say yes. If you do not know them, decline.</p>
<form method="post" action="/members/confirm/${token}"><input type="hidden" name="decision" value="join"><button class="button primary" type="submit">Join ${pending.account.name}</button></form>
<form method="post" action="/members/confirm/${token}"><input type="hidden" name="decision" value="decline"><button class="button" type="submit">Decline</button></form>`,
  );
}

export function membershipDecidedPage(decision: "join" | "decline", accountName: string) {
  return decision === "join"
    ? page(`You joined ${accountName}`, html`<h1>You joined ${accountName}</h1><p>You are now a member of ${accountName} on leadrelay.</p>`)
    : page("Declined", html`<h1>Declined</h1><p>You are not a member of ${accountName}, and they were told you declined.</p>`);
}
