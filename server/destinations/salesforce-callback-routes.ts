import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { DestinationDeps } from "../../core/destinations/destination-deps.ts";
import {
  beginSalesforceAuthorization,
  completeSalesforceAuthorization,
  isBrowserSecret,
  newBrowserSecret,
  type AuthorizationStates,
} from "../../core/destinations/salesforce-authorization.ts";
import { escapeHtml } from "../../core/email/escape-html.ts";
import type { DeliveryDispatcher } from "../../core/intake/delivery-dispatcher.ts";
import type { Logger } from "../../core/logger.ts";

/** The cookie that binds an authorization to the browser that started it (HttpOnly, path-scoped). */
export const SALESFORCE_OAUTH_COOKIE = "lr_sf_oauth";
const COOKIE_PATH = "/oauth/salesforce";

/**
 * `GET /oauth/salesforce/start?link=…`: the link the API and the Slack bot hand out. Sets the
 * browser cookie and sends the browser to Salesforce with a fresh single-use state and PKCE.
 * `GET /oauth/salesforce/callback`: where Salesforce sends the browser back; only the browser
 * holding the cookie may use the state, once.
 */
export function salesforceCallbackRoutes(deps: DestinationDeps, states: AuthorizationStates, dispatcher: DeliveryDispatcher, logger: Logger): Hono {
  const secure = deps.publicUrl.startsWith("https:");
  return new Hono()
    .get(`${COOKIE_PATH}/start`, async (c) => {
      const link = c.req.query("link");
      if (!link) return htmlPage(c, 400, "Salesforce was not connected", "This authorization link is not complete: start again from leadrelay.");
      const existing = getCookie(c, SALESFORCE_OAUTH_COOKIE);
      const browserSecret = isBrowserSecret(existing) ? existing : newBrowserSecret();
      let begun;
      try {
        begun = await beginSalesforceAuthorization(deps, states, link, browserSecret);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "Salesforce authorization could not start");
        return htmlPage(c, 503, "Salesforce was not connected", "The authorization could not start right now: try again in a minute.");
      }
      if (!begun.ok) return htmlPage(c, 400, "Salesforce was not connected", begun.message);
      setCookie(c, SALESFORCE_OAUTH_COOKIE, browserSecret, { path: COOKIE_PATH, httpOnly: true, secure, sameSite: "Lax", maxAge: 3_600 });
      c.header("Cache-Control", "no-store");
      c.header("Referrer-Policy", "no-referrer");
      return c.redirect(begun.salesforceUrl, 302);
    })
    .get(`${COOKIE_PATH}/callback`, async (c) => {
      const code = c.req.query("code");
      const state = c.req.query("state");
      const denied = c.req.query("error_description") ?? c.req.query("error");
      if (denied || !code || !state) return htmlPage(c, 400, "Salesforce was not connected", denied ?? "The authorization did not complete: start again from leadrelay.");

      let result;
      try {
        result = await completeSalesforceAuthorization(deps, states, code, state, getCookie(c, SALESFORCE_OAUTH_COOKIE));
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "Salesforce authorization could not complete");
        return htmlPage(c, 503, "Salesforce was not connected", "The authorization could not complete right now: start again from leadrelay in a minute.");
      }
      if (!result.ok) return htmlPage(c, 400, "Salesforce was not connected", result.message);
      if (!result.saved.ok) {
        return htmlPage(c, 422, "Salesforce is connected, but the destination needs a fix", result.saved.problems.map((p) => p.message).join(" · "));
      }
      await dispatcher.resume(result.saved.resumedDeliveryIds);
      return htmlPage(c, 200, "Salesforce is connected", `“${result.saved.destination.name}” is ready. You can close this window and send a test lead from leadrelay.`);
    });
}

function htmlPage(c: Context, status: 200 | 400 | 422 | 503, title: string, message: string): Response {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · leadrelay</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>`,
    status,
  );
}
