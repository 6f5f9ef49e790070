import { App } from "@slack/bolt";
import type { SlackBotSettings } from "../core/config.ts";
import type { InvitationNotifier } from "../core/invitations/invitation-notifier.ts";
import type { MembershipNotifier } from "../core/members/membership-notifier.ts";
import { boltLogger } from "./bolt-logger.ts";
import type { BotDeps } from "./bot-deps.ts";
import { FetchReceiver } from "./fetch-receiver.ts";
import { SocketModeReceiver } from "./socket-mode-receiver.ts";
import { PrismaInstallationStore } from "./installation-store.ts";
import * as actions from "./listeners/actions/index.ts";
import * as commands from "./listeners/commands/index.ts";
import * as events from "./listeners/events/index.ts";
import * as views from "./listeners/modal-submissions/index.ts";
import { InvitationInSlack } from "./invitation-in-slack.ts";
import { showSalesforceConnected, type SalesforceConnected } from "./salesforce-connected.ts";
import { SlackPersonNotifier } from "./slack-person-notifier.ts";
import { SlackOAuth } from "./slack-oauth.ts";
import { InstalledWorkspaces, SingleWorkspace, type SlackWorkspaces } from "./slack-workspaces.ts";

export type EnabledSlackSettings = Extract<SlackBotSettings, { enabled: true }>;

export interface SlackAppOptions {
  settings: EnabledSlackSettings;
  /** SLACK_API_URL: every WebClient (Bolt's, the installer's, ours) talks to it. */
  slackApiUrl: string;
  /** PUBLIC_URL: the OAuth redirect is `${publicUrl}/slack/oauth_redirect`. */
  publicUrl: string;
}

export interface SlackBot {
  app: App;
  /** HTTP transport: hand it the requests to /slack/events. null in Socket Mode. */
  receiver: FetchReceiver | null;
  /** True when the bot gets Slack's requests over a WebSocket it opens (SLACK_APP_TOKEN). */
  socketMode: boolean;
  /** Multi-workspace install routes; null with a single bot token. */
  oauth: SlackOAuth | null;
  workspaces: SlackWorkspaces;
  /** Plugs into invitation creation (core) so invited buyers get a DM. */
  notifier: InvitationNotifier;
  /** Plugs into adding members (core) so the added person is asked to confirm in Slack. */
  membershipNotifier: MembershipNotifier;
  deps: BotDeps;
  /** What an invitation's landing page offers: Add to Slack (oauth), or Send it to me / Open Slack (one workspace). */
  invitationInSlack: InvitationInSlack;
  /** After the Salesforce OAuth callback: moves the open modal and the thread on to "Send test lead". */
  salesforceConnected(input: SalesforceConnected): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app: one workspace (SLACK_BOT_TOKEN) or OAuth installs (tokens from Postgres), over
 * HTTP (our FetchReceiver, mounted in the Hono server) or Socket Mode (SLACK_APP_TOKEN).
 * Listeners are thin: they call the same core functions as the HTTP API.
 */
export function createSlackApp(base: Omit<BotDeps, "workspaces">, options: SlackAppOptions): SlackBot {
  const { settings, slackApiUrl } = options;
  const { logger } = base;
  const oauth =
    settings.install.kind === "oauth"
      ? new SlackOAuth({
          clientId: settings.install.clientId,
          clientSecret: settings.install.clientSecret,
          stateSecret: settings.install.stateSecret,
          installationStore: new PrismaInstallationStore(base.prisma, base.secretBox),
          slackApiUrl,
          redirectUri: `${options.publicUrl.replace(/\/$/, "")}/slack/oauth_redirect`,
          logger,
        })
      : null;
  const single = settings.install.kind === "token" ? new SingleWorkspace(settings.install.botToken, slackApiUrl, logger) : null;
  const workspaces: SlackWorkspaces = single ?? new InstalledWorkspaces(base.prisma, base.secretBox, slackApiUrl, logger);
  const notifier = new SlackPersonNotifier(workspaces, logger);
  const deps: BotDeps = { ...base, workspaces, invitations: { ...base.invitations, notifier } };

  const receiver =
    settings.transport.kind === "http" ? new FetchReceiver({ signingSecret: settings.transport.signingSecret, logger }) : null;
  const slackLogger = boltLogger(logger);
  const socket =
    settings.transport.kind === "socket"
      ? new SocketModeReceiver({ appToken: settings.transport.appToken, slackApiUrl, logger, boltLogger: slackLogger })
      : null;
  const app = new App({
    // One workspace: our own authorize over a cached auth.test (Bolt's `token` option would keep a
    // failed start-up auth.test forever). Several: the installer's, from Postgres.
    authorize: oauth
      ? (source) => oauth.authorize(source)
      : async () => {
          const identity = await single!.whoAmI();
          return { botToken: single!.token, botUserId: identity.botUserId, botId: identity.botId, teamId: identity.teamId };
        },
    receiver: receiver ?? socket!,
    clientOptions: { slackApiUrl },
    logger: slackLogger,
  });
  app.error(async (error) => {
    logger.error({ err: error.message, code: (error as { code?: string }).code }, "Slack app error");
  });
  for (const listeners of [commands, actions, views, events]) listeners.register(app, deps);

  return {
    app,
    receiver,
    socketMode: socket !== null,
    oauth,
    workspaces,
    notifier,
    membershipNotifier: notifier,
    deps,
    invitationInSlack: new InvitationInSlack(deps, single),
    salesforceConnected: (input) => showSalesforceConnected(deps, input),
    /** Socket Mode: resolves when Slack's `hello` arrived on the first connection. */
    start: async () => {
      if (socket) await app.start();
    },
    stop: async () => {
      if (socket) await app.stop();
    },
  };
}
