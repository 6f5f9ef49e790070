import type { Context } from "hono";
import { html } from "hono/html";
import { messagePage, setPageHeaders } from "./page-layout.ts";

/**
 * Whether the request is a browser opening a page (an emailed link, a redirect back from Slack or
 * Salesforce, a form): browsers ask for text/html first; API clients ask for JSON or anything.
 */
export function wantsPage(c: Context): boolean {
  return /^\s*text\/html\b/i.test(c.req.header("accept") ?? "");
}

/** A server fault shown to a person in a browser: what to do, and the reference the log line carries. */
export function faultPage(c: Context, requestId: string) {
  setPageHeaders(c);
  return c.html(
    messagePage({
      title: "Something went wrong on our side",
      message: "Nothing you did caused this. Try again in a minute; if it keeps happening, send us this reference:",
      next: html`<p><code>${requestId}</code></p>`,
    }),
    500,
  );
}
