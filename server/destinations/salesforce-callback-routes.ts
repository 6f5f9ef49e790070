import { Hono, type Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { DestinationDeps } from "../../core/destinations/destination-deps.ts";
import {
  beginSalesforceAuthorization,
  completeSalesforceAuthorization,
  isBrowserSecret,
  newBrowserSecret,
  type AuthorizationOrigin,
  type AuthorizationStates,
} from "../../core/destinations/salesforce-authorization.ts";
import { messagePage, setPageHeaders } from "../pages/page-layout.ts";
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
export type SalesforceConnectedHook = (input: {
  accountId: string;
  destinationId: string;
  origin: AuthorizationOrigin | null;
}) => Promise<boolean>;

export function salesforceCallbackRoutes(
  deps: DestinationDeps,
  states: AuthorizationStates,
  logger: Logger,
  /** Moves Slack on (the open modal, the thread) once connected; absent when the bot is off. */
  connected?: SalesforceConnectedHook | null,
): Hono {
  const secure = deps.publicUrl.startsWith("https:");
  return new Hono()
    .get(`${COOKIE_PATH}/start`, async (c) => {
      const link = c.req.query("link");
      if (!link)
        return htmlPage(c, 400, "Salesforce was not connected", "This authorization link is not complete: start again from leadrelay.");
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
      if (denied || !code || !state)
        return htmlPage(
          c,
          400,
          "Salesforce was not connected",
          denied ?? "The authorization did not complete: start again from leadrelay.",
        );

      let result;
      try {
        result = await completeSalesforceAuthorization(deps, states, code, state, getCookie(c, SALESFORCE_OAUTH_COOKIE));
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "Salesforce authorization could not complete");
        return htmlPage(
          c,
          503,
          "Salesforce was not connected",
          "The authorization could not complete right now: start again from leadrelay in a minute.",
        );
      }
      if (!result.ok) return htmlPage(c, 400, "Salesforce was not connected", result.message);
      if (!result.saved.ok) {
        return htmlPage(
          c,
          422,
          "Salesforce is connected, but the destination needs a fix",
          result.saved.problems.map((p) => p.message).join(" · "),
        );
      }
      const inSlack = connected
        ? await connected({ accountId: result.accountId, destinationId: result.destinationId, origin: result.origin }).catch(
            (error: unknown) => {
              logger.warn(
                { err: (error as Error).message, destinationId: result.destinationId },
                "could not tell Slack that Salesforce is connected",
              );
              return false;
            },
          )
        : false;
      const name = result.saved.destination.name;
      return htmlPage(
        c,
        200,
        "Salesforce is connected",
        inSlack
          ? `“${name}” is ready. Back in Slack, leadrelay now shows the next step: press “Send test lead” to see a lead arrive in Salesforce. You can close this window.`
          : `“${name}” is ready. You can close this window and send a test lead from leadrelay.`,
      );
    });
}

function htmlPage(c: Context, status: 200 | 400 | 422 | 503, title: string, message: string): Response | Promise<Response> {
  setPageHeaders(c);
  return c.html(messagePage({ title, message }), status);
}
