import { html } from "hono/html";
import type { SlackInstalled } from "../../bot/slack-oauth.ts";
import { appRedirectUrl } from "../../bot/invitation-in-slack.ts";
import { PAGE_HEADERS, messagePage } from "../pages/page-layout.ts";

const HEADERS = { ...PAGE_HEADERS, "content-type": "text/html; charset=utf-8" };

/** Where "Add to Slack" ends: installed (and, from an invitation, where it now waits), or not. */
export async function installedPage(install: SlackInstalled, invitation: { sellerName: string } | null) {
  const openSlack = html`<p><a class="button primary" href="${appRedirectUrl(install.appId, install.teamId)}">Open Slack</a></p>`;
  const page = invitation
    ? messagePage({
        title: `leadrelay is installed in ${install.teamName}`,
        message: `${invitation.sellerName}'s invitation is waiting in your direct messages with leadrelay: open it and press “Accept invite to connect”.`,
        next: openSlack,
      })
    : messagePage({
        title: `leadrelay is installed in ${install.teamName}`,
        message: "Open Slack and type /leadrelay help to see what it does.",
        next: openSlack,
      });
  return { status: 200, headers: HEADERS, body: String(await page) };
}

export function installFailedPage() {
  const page = messagePage({
    title: "Slack install did not finish",
    message: "Nothing was installed. Start again from your invitation link (or from /slack/install) in this browser.",
    next: html`<p><a class="button primary" href="/slack/install">Start again</a></p>`,
  });
  return { status: 400, headers: HEADERS, body: String(page) };
}
