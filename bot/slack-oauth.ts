import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthorizeResult, InstallationStore } from "@slack/bolt";
import { InstallProvider, type InstallationQuery } from "@slack/oauth";
import type { Logger } from "../core/logger.ts";
import { boltLogger } from "./bolt-logger.ts";
import { BOT_SCOPES } from "./bot-scopes.ts";

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installationStore: InstallationStore;
  slackApiUrl: string;
  /** `${PUBLIC_URL}/slack/oauth_redirect`: must match the app's configured redirect URL. */
  redirectUri: string;
  logger: Logger;
}

/**
 * Multi-workspace install ("Add to Slack") with @slack/oauth's InstallProvider:
 * `/slack/install` sets the state cookie and sends the browser to Slack's consent page,
 * `/slack/oauth_redirect` checks the state, exchanges the code (oauth.v2.access, at
 * SLACK_API_URL) and stores the installation (tokens sealed) in Postgres. `authorize` gives
 * Bolt the right bot token for each incoming request's workspace.
 */
export class SlackOAuth {
  private readonly provider: InstallProvider;

  constructor(private readonly options: SlackOAuthOptions) {
    this.provider = new InstallProvider({
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      stateSecret: options.stateSecret,
      installationStore: options.installationStore,
      clientOptions: { slackApiUrl: options.slackApiUrl },
      logger: boltLogger(options.logger),
      directInstall: true,
      installUrlOptions: { scopes: [...BOT_SCOPES], redirectUri: options.redirectUri },
    });
  }

  handleInstall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.provider.handleInstallPath(req, res, undefined, { scopes: [...BOT_SCOPES], redirectUri: this.options.redirectUri });
  }

  handleRedirect(req: IncomingMessage, res: ServerResponse): Promise<void> {
    return this.provider.handleCallback(req, res, {
      success: (installation, _options, _req, response) => {
        const team = installation.team?.name ?? installation.enterprise?.name ?? "your workspace";
        this.options.logger.info({ teamId: installation.team?.id ?? installation.enterprise?.id }, "Slack app installed");
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        response.end(`<!doctype html><html><body style="font-family:sans-serif"><h1>leadrelay is installed in ${escapeHtml(team)}</h1><p>Open Slack and type <code>/leadrelay help</code>.</p></body></html>`);
      },
      failure: (error, _options, _req, response) => {
        this.options.logger.warn({ code: error.code }, "Slack install failed");
        response.writeHead(400, { "content-type": "text/html; charset=utf-8" });
        response.end(`<!doctype html><html><body style="font-family:sans-serif"><h1>Slack install did not finish</h1><p>Start again from <a href="/slack/install">/slack/install</a>.</p></body></html>`);
      },
    });
  }

  authorize(source: InstallationQuery<boolean>): Promise<AuthorizeResult> {
    return this.provider.authorize(source);
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
