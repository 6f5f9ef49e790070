import { Hono } from "hono";
import type { DestinationDeps } from "../../core/destinations/destination-deps.ts";
import { completeSalesforceAuthorization } from "../../core/destinations/salesforce-authorization.ts";
import { escapeHtml } from "../../core/email/escape-html.ts";
import type { DeliveryDispatcher } from "../../core/intake/delivery-dispatcher.ts";

/** `GET /oauth/salesforce/callback`: where Salesforce sends the buyer's browser back. */
export function salesforceCallbackRoutes(deps: DestinationDeps, dispatcher: DeliveryDispatcher): Hono {
  return new Hono().get("/oauth/salesforce/callback", async (c) => {
    const code = c.req.query("code");
    const state = c.req.query("state");
    const denied = c.req.query("error_description") ?? c.req.query("error");
    if (denied || !code || !state) return c.html(page("Salesforce was not connected", denied ?? "The authorization did not complete: start again from leadrelay."), 400);

    const result = await completeSalesforceAuthorization(deps, code, state);
    if (!result.ok) return c.html(page("Salesforce was not connected", result.message), 400);
    if (!result.saved.ok) {
      return c.html(page("Salesforce is connected, but the destination needs a fix", result.saved.problems.map((p) => p.message).join(" · ")), 422);
    }
    await dispatcher.resume(result.saved.resumedDeliveryIds);
    return c.html(page("Salesforce is connected", `“${result.saved.destination.name}” is ready. You can close this window and send a test lead from leadrelay.`));
  });
}

function page(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · leadrelay</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}
