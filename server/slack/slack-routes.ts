import { Hono } from "hono";
import type { HttpBindings } from "@hono/node-server";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { SlackBot } from "../../bot/slack-app.ts";
import { Refusal } from "../../core/refusal.ts";
import { installFailedPage, installedPage } from "./install-pages.ts";

/**
 * The Slack bot's HTTP endpoints, in the same server as the API:
 * - `POST /slack/events`: Events API, interactivity and slash commands (one Request URL for all),
 *   handed raw to the bot's receiver, which verifies the signature and answers;
 * - `GET /slack/install` and `GET /slack/oauth_redirect`: the OAuth install (multi-workspace mode),
 *   served by @slack/oauth straight on Node's request and response.
 */
export function slackRoutes(bot: SlackBot) {
  const router = new Hono<{ Bindings: HttpBindings }>();
  const receiver = bot.receiver;
  if (receiver) router.post("/slack/events", (c) => receiver.handle(c.req.raw));
  const oauth = bot.oauth;
  if (oauth) {
    router.get("/slack/install", async (c) => {
      await oauth.handleInstall(c.env.incoming, c.env.outgoing);
      return RESPONSE_ALREADY_SENT;
    });
    router.get("/slack/oauth_redirect", async (c) => {
      await oauth.handleRedirect(c.env.incoming, c.env.outgoing, {
        installed: async (install) => {
          // From an invitation's page: the installer gets it in a DM. A failure here must not hide the install.
          const invitation = await bot.invitationInSlack.showToInstaller(install).catch((error: unknown) => {
            bot.deps.logger.warn(
              { err: (error as Error).message, teamId: install.teamId },
              "could not show the invitation to the installer",
            );
            return null;
          });
          return installedPage(install, invitation);
        },
        failed: installFailedPage,
      });
      return RESPONSE_ALREADY_SENT;
    });
  } else {
    router.get("/slack/install", () => {
      throw new Refusal(
        "not_found",
        "not_found",
        "This server runs the Slack app in one workspace (SLACK_BOT_TOKEN): there is nothing to install",
      );
    });
  }
  return router;
}
