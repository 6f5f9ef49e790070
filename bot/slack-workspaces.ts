import { WebClient } from "@slack/web-api";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { Logger } from "../core/logger.ts";
import { findSealedBotToken, listSealedBotTokens } from "../core/slack/slack-installations.ts";
import { boltLogger } from "./bolt-logger.ts";

export interface WorkspaceClient {
  teamId: string;
  client: WebClient;
}

/**
 * Web API clients of the workspaces the bot is in, for messages that do not answer a Slack
 * request (an invitation DM, a test result): one bot token (single-workspace mode) or every
 * stored OAuth installation.
 */
export interface SlackWorkspaces {
  all(): Promise<WorkspaceClient[]>;
  forTeam(teamId: string): Promise<WebClient | null>;
}

export function slackClient(token: string, slackApiUrl: string, logger: Logger): WebClient {
  return new WebClient(token, {
    slackApiUrl,
    logger: boltLogger(logger),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
  });
}

/** Who the bot token belongs to (auth.test). */
export interface BotIdentity {
  teamId: string;
  botUserId: string | undefined;
  botId: string | undefined;
}

/**
 * Single-workspace mode: SLACK_BOT_TOKEN. Its auth.test answer is cached once it succeeds; a
 * failure (Slack unreachable at start-up) is retried on the next request instead of sticking.
 */
export class SingleWorkspace implements SlackWorkspaces {
  private readonly client: WebClient;
  private identity: Promise<BotIdentity> | undefined;
  private app: Promise<{ appId: string | null; teamId: string }> | undefined;

  constructor(
    readonly token: string,
    slackApiUrl: string,
    logger: Logger,
  ) {
    this.client = slackClient(token, slackApiUrl, logger);
  }

  async all(): Promise<WorkspaceClient[]> {
    return [{ teamId: (await this.whoAmI()).teamId, client: this.client }];
  }

  async forTeam(teamId: string): Promise<WebClient | null> {
    return (await this.whoAmI()).teamId === teamId ? this.client : null;
  }

  /** The Slack app behind the bot token (bots.info), for deep links; cached once it succeeds. */
  appIdentity(): Promise<{ appId: string | null; teamId: string }> {
    this.app ??= this.whoAmI()
      .then(async (identity) => {
        const info = identity.botId ? await this.client.bots.info({ bot: identity.botId }) : null;
        return { appId: info?.bot?.app_id ?? null, teamId: identity.teamId };
      })
      .catch((error: unknown) => {
        this.app = undefined;
        throw error;
      });
    return this.app;
  }

  whoAmI(): Promise<BotIdentity> {
    this.identity ??= this.client.auth.test().then(
      (result) => ({ teamId: String(result.team_id), botUserId: result.user_id, botId: result.bot_id }),
      (error: unknown) => {
        this.identity = undefined;
        throw error;
      },
    );
    return this.identity;
  }
}

/** OAuth mode: a client per stored installation (tokens opened only in memory). */
export class InstalledWorkspaces implements SlackWorkspaces {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly secretBox: SecretBox,
    private readonly slackApiUrl: string,
    private readonly logger: Logger,
  ) {}

  async all(): Promise<WorkspaceClient[]> {
    const rows = await listSealedBotTokens(this.prisma);
    return rows.map((row) => ({
      teamId: row.teamId,
      client: slackClient(this.secretBox.open(row.botToken), this.slackApiUrl, this.logger),
    }));
  }

  async forTeam(teamId: string): Promise<WebClient | null> {
    const botToken = await findSealedBotToken(this.prisma, teamId);
    return botToken ? slackClient(this.secretBox.open(botToken), this.slackApiUrl, this.logger) : null;
  }
}
