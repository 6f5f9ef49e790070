import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthorizeResult, InstallationStore } from "@slack/bolt";
import { InstallProvider, type InstallationQuery } from "@slack/oauth";
import { z } from "zod";
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

/** A finished install: the workspace, who installed, and the invitation the install started from. */
export interface SlackInstalled {
  teamId: string;
  teamName: string;
  appId: string | null;
  installerUserId: string | null;
  invitationId: string | null;
}

/** The pages the install ends on (the server renders them in its shared layout). */
export interface InstallPages {
  installed(install: SlackInstalled): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  failed(): { status: number; headers: Record<string, string>; body: string };
}

/** What the signed state carries besides Slack's own: the invitation's id (never its token: Slack keeps this URL). */
const installMetadata = z.object({ invitationId: z.uuid() });

/**
 * Multi-workspace install ("Add to Slack") with @slack/oauth's InstallProvider:
 * `/slack/install` sets the state cookie and sends the browser to Slack's consent page,
 * `/slack/oauth_redirect` checks the state, exchanges the code (oauth.v2.access, at
 * SLACK_API_URL) and stores the installation (tokens sealed) in Postgres. `authorize` gives
 * Bolt the right bot token for each incoming request's workspace.
 *
 * An install started from an invitation's page carries the invitation's id in the state (a JWT
 * signed with SLACK_STATE_SECRET, bound to the browser by the state cookie), so only our own
 * page can start one for an invitation, and the finished install knows which one to show.
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

  handleInstall(req: IncomingMessage, res: ServerResponse, invitationId?: string): Promise<void> {
    return this.provider.handleInstallPath(req, res, undefined, {
      scopes: [...BOT_SCOPES],
      redirectUri: this.options.redirectUri,
      ...(invitationId ? { metadata: JSON.stringify({ invitationId }) } : {}),
    });
  }

  handleRedirect(req: IncomingMessage, res: ServerResponse, pages: InstallPages): Promise<void> {
    return this.provider.handleCallback(req, res, {
      successAsync: async (installation, _options, _req, response) => {
        const teamId = installation.team?.id ?? installation.enterprise?.id ?? "";
        this.options.logger.info({ teamId }, "Slack app installed");
        const metadata = readInstallMetadata(installation.metadata);
        const page = await pages.installed({
          teamId,
          teamName: installation.team?.name ?? installation.enterprise?.name ?? "your workspace",
          appId: installation.appId ?? null,
          installerUserId: installation.user?.id ?? null,
          invitationId: metadata?.invitationId ?? null,
        });
        response.writeHead(page.status, page.headers);
        response.end(page.body);
      },
      failure: (error, _options, _req, response) => {
        this.options.logger.warn({ code: error.code }, "Slack install failed");
        const page = pages.failed();
        response.writeHead(page.status, page.headers);
        response.end(page.body);
      },
    });
  }

  authorize(source: InstallationQuery<boolean>): Promise<AuthorizeResult> {
    return this.provider.authorize(source);
  }
}

function readInstallMetadata(text: string | undefined): z.infer<typeof installMetadata> | null {
  try {
    return installMetadata.safeParse(JSON.parse(text ?? "null")).data ?? null;
  } catch {
    return null;
  }
}
