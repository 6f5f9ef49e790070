import { createHash } from "node:crypto";
import { FakeHttpServer, isRecord, type RecordedRequest, type Reply } from "./fake-http-server.ts";
import { viewProblems } from "./slack-view-rules.ts";

/**
 * A fake Slack Web API for `@slack/web-api`'s WebClient (`slackApiUrl: fake.url + "/api/"`).
 * Like Slack, it answers HTTP 200 with `{ok:false,error}` for API errors and HTTP 429 with
 * `Retry-After` for rate limits. Accepts form bodies (JSON-encoded nested params such as
 * `blocks` / `view` are decoded) and JSON bodies.
 */

export const SLACK_DEFAULT_TOKEN = "xoxb-0001-fake-bot-token";

export interface SlackUserInput {
  id: string;
  email?: string;
  name?: string;
  realName?: string;
  team?: string;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export interface SlackChannelInput {
  id: string;
  name: string;
  archived?: boolean;
  botIsMember?: boolean;
  isPrivate?: boolean;
}

export interface FakeSlackOptions {
  /** Accepted tokens; default: any token starting with `xox`. */
  tokens?: string[];
  /** Granted scopes per token; when set for a token, methods needing a missing scope answer `missing_scope`. */
  scopes?: Record<string, string[]>;
  users?: SlackUserInput[];
  channels?: SlackChannelInput[];
  team?: { id: string; name: string; domain: string };
}

/** Where `apps.connections.open` sends the app (test/fakes/slack-socket-mode.ts). */
export interface SocketModeServer {
  openUrl(appId: string): string;
}

export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  user: string;
  bot_id: string;
  edited?: { user: string; ts: string };
}

/** A view Slack's rules refused (see slack-view-rules.ts), with the messages Slack answered. */
export interface RefusedView {
  method: string;
  view: unknown;
  messages: string[];
}

export interface SlackView {
  id: string;
  team_id: string;
  type: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, unknown> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  /** Not part of Slack's payload: the user the view is shown to (views.open via trigger / views.publish). */
  user_id?: string;
}

const BOT_USER_ID = "U0BOT";
const BOT_ID = "B0001";
const APP_ID = "A0001";
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

/** Params Slack expects JSON-encoded inside form bodies. */
const JSON_PARAMS = new Set(["blocks", "attachments", "view", "metadata", "user_auth_blocks", "dialog", "unfurls", "options"]);
/** Plain-text params that must never be JSON-decoded even if they look like JSON. */
const TEXT_PARAMS = new Set(["text", "markdown_text", "private_metadata", "title", "name", "email", "query"]);

const REQUIRED_SCOPES: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "conversations.open": "im:write",
  "conversations.info": "channels:read",
  "conversations.list": "channels:read",
  "users.info": "users:read",
  "bots.info": "users:read",
  "users.lookupByEmail": "users:read.email",
};

class SlackApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(error);
  }
}

export class FakeSlack extends FakeHttpServer {
  private readonly tokens: Set<string> | undefined;
  private readonly revoked = new Set<string>();
  private readonly scopes = new Map<string, Set<string>>();
  private readonly users = new Map<string, Required<Omit<SlackUserInput, "realName">> & { realName: string }>();
  private readonly channels = new Map<string, Required<SlackChannelInput>>();
  private readonly messages: SlackMessage[] = [];
  private readonly views = new Map<string, SlackView>();
  private readonly dms = new Map<string, string>();
  private readonly expiredTriggers = new Set<string>();
  private readonly refused: RefusedView[] = [];
  private readonly team: { id: string; name: string; domain: string };
  private tsCounter = 100;
  private viewCounter = 0;

  constructor(options: FakeSlackOptions = {}) {
    super();
    this.tokens = options.tokens ? new Set(options.tokens) : undefined;
    for (const [token, granted] of Object.entries(options.scopes ?? {})) this.scopes.set(token, new Set(granted));
    this.team = options.team ?? { id: "T0001", name: "Acme", domain: "acme" };
    for (const user of options.users ?? []) this.addUser(user);
    for (const channel of options.channels ?? []) this.addChannel(channel);
  }

  // ---- test helpers -------------------------------------------------------------------------

  addUser(user: SlackUserInput): void {
    const name = user.name ?? user.email?.split("@")[0] ?? user.id.toLowerCase();
    this.users.set(user.id, {
      id: user.id,
      email: user.email ?? "",
      name,
      realName: user.realName ?? name,
      team: user.team ?? this.team.id,
      isBot: user.isBot ?? false,
      deleted: user.deleted ?? false,
      tz: user.tz ?? "America/New_York",
    });
  }

  addChannel(channel: SlackChannelInput): void {
    this.channels.set(channel.id, { archived: false, botIsMember: true, isPrivate: false, ...channel });
  }

  archiveChannel(id: string, archived = true): void {
    const channel = this.channels.get(id);
    if (channel) channel.archived = archived;
  }

  setBotMembership(id: string, member: boolean): void {
    const channel = this.channels.get(id);
    if (channel) channel.botIsMember = member;
  }

  revokeToken(token: string): void {
    this.revoked.add(token);
  }

  /** Any non-empty trigger_id is accepted until expired here (then `expired_trigger_id`). */
  expireTrigger(triggerId: string): void {
    this.expiredTriggers.add(triggerId);
  }

  /** Recorded Web API calls (including failed ones), optionally for one method. */
  calls(method?: string): SlackCall[] {
    return this.requests
      .filter((request) => request.path.startsWith("/api/"))
      .map((request) => {
        const { token, args } = decodeArgs(request);
        return { method: request.path.slice("/api/".length), args, token };
      })
      .filter((call) => !method || call.method === method);
  }

  /** Messages posted with chat.postMessage (as updated by chat.update). */
  postedMessages(channel?: string): SlackMessage[] {
    return this.messages.filter((m) => !channel || m.channel === channel).map((m) => ({ ...m }));
  }

  /** Views opened / pushed / published (latest state). */
  openedViews(): SlackView[] {
    return [...this.views.values()].map((v) => ({ ...v }));
  }

  /** Views refused as invalid by views.open / push / update / publish (suites assert this stays empty). */
  refusedViews(): RefusedView[] {
    return [...this.refused];
  }

  /** The next `times` calls (of `method`, default any) answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitNext(method?: string, retryAfterSeconds = 1, times = 1): this {
    return this.failNext(
      method ? `/api/${method}` : "/api/*",
      { status: 429, headers: { ...JSON_HEADERS, "Retry-After": String(retryAfterSeconds) }, body: { ok: false, error: "ratelimited" } },
      times,
    );
  }

  // ---- dispatch -----------------------------------------------------------------------------

  protected override handle(request: RecordedRequest): Reply {
    if (!request.path.startsWith("/api/")) return { status: 404, headers: { "content-type": "text/plain" }, body: "Not Found" };
    const method = request.path.slice("/api/".length);
    const { token, args } = decodeArgs(request);
    try {
      if (method === "oauth.v2.access")
        return { status: 200, headers: JSON_HEADERS, body: { ok: true, ...this.oauthAccess(request, args) } };
      if (!token) throw new SlackApiError("not_authed");
      if (token.startsWith("xapp-") || method === "apps.connections.open")
        return { status: 200, headers: JSON_HEADERS, body: { ok: true, ...this.openConnection(method, token) } };
      if (this.revoked.has(token)) throw new SlackApiError("token_revoked");
      if (this.tokens ? !this.tokens.has(token) : !token.startsWith("xox")) throw new SlackApiError("invalid_auth");
      const needed = REQUIRED_SCOPES[method];
      const granted = this.scopes.get(token);
      if (needed && granted && !granted.has(needed)) {
        throw new SlackApiError("missing_scope", { needed, provided: [...granted].join(",") });
      }
      const result = this.dispatch(method, args);
      return { status: 200, headers: this.headers(token), body: { ok: true, ...result } };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      return { status: 200, headers: this.headers(token), body: { ok: false, error: error.error, ...error.extra } };
    }
  }

  private headers(token: string | undefined): Record<string, string> {
    const granted = token ? this.scopes.get(token) : undefined;
    return granted ? { ...JSON_HEADERS, "x-oauth-scopes": [...granted].join(",") } : JSON_HEADERS;
  }

  private dispatch(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "api.test":
        return { args };
      case "auth.test":
        return {
          url: `https://${this.team.domain}.slack.com/`,
          team: this.team.name,
          user: "leadrelay",
          team_id: this.team.id,
          user_id: BOT_USER_ID,
          bot_id: BOT_ID,
          is_enterprise_install: false,
        };
      case "bots.info":
        if (str(args.bot) !== BOT_ID) throw new SlackApiError("bot_not_found");
        return { bot: { id: BOT_ID, deleted: false, name: "leadrelay", app_id: APP_ID, user_id: BOT_USER_ID } };
      case "chat.postMessage":
        return this.postMessage(args);
      case "chat.update":
        return this.updateMessage(args);
      case "chat.postEphemeral":
        return this.postEphemeral(args);
      case "conversations.open":
        return this.openConversation(args);
      case "conversations.info": {
        const channel = this.channels.get(str(args.channel));
        if (!channel || (channel.isPrivate && !channel.botIsMember)) throw new SlackApiError("channel_not_found");
        return { channel: this.channelJson(channel) };
      }
      case "conversations.list": {
        // Public channels, and private ones the bot is in; `limit`/`cursor` page like Slack (cursor = offset).
        const types = str(args.types) || "public_channel";
        const visible = [...this.channels.values()].filter(
          (c) =>
            (c.isPrivate ? types.includes("private_channel") && c.botIsMember : types.includes("public_channel")) &&
            !(args.exclude_archived && String(args.exclude_archived) !== "false" && c.archived),
        );
        const start = Number(str(args.cursor) || 0);
        const limit = Math.max(1, Math.min(1000, Number(args.limit ?? 100)));
        const page = visible.slice(start, start + limit);
        const next = start + limit < visible.length ? String(start + limit) : "";
        return { channels: page.map((c) => this.channelJson(c)), response_metadata: { next_cursor: next } };
      }
      case "users.info": {
        const user = this.users.get(str(args.user));
        if (!user) throw new SlackApiError("user_not_found");
        return { user: this.userJson(user) };
      }
      case "users.lookupByEmail": {
        const email = str(args.email).toLowerCase();
        const user = [...this.users.values()].find((u) => u.email.toLowerCase() === email && email !== "");
        if (!user) throw new SlackApiError("users_not_found");
        return { user: this.userJson(user) };
      }
      case "views.open":
      case "views.push":
        return { view: this.openView(args, method === "views.push", method) };
      case "views.update":
        return { view: this.updateView(args) };
      case "views.publish":
        return { view: this.publishView(args) };
      default:
        throw new SlackApiError("unknown_method");
    }
  }

  // ---- Socket Mode --------------------------------------------------------------------------

  private socketMode: { server: SocketModeServer; appTokens: Set<string> } | undefined;

  /** Lets `appToken` (an app-level token with connections:write) open Socket Mode connections to `server`. */
  enableSocketMode(server: SocketModeServer, appToken: string): this {
    this.socketMode = { server, appTokens: new Set([...(this.socketMode?.appTokens ?? []), appToken]) };
    return this;
  }

  /**
   * `apps.connections.open`: only an app-level token may call it, and an app-level token may
   * call nothing else (Slack answers `not_allowed_token_type` both ways).
   */
  private openConnection(method: string, token: string): Record<string, unknown> {
    if (method !== "apps.connections.open" || !token.startsWith("xapp-")) throw new SlackApiError("not_allowed_token_type");
    if (this.revoked.has(token) || !this.socketMode?.appTokens.has(token)) throw new SlackApiError("invalid_auth");
    return { url: this.socketMode.server.openUrl(APP_ID) };
  }

  // ---- OAuth install ------------------------------------------------------------------------

  /** The app credentials `oauth.v2.access` expects (any non-empty code is accepted). */
  oauthClient: { clientId: string; clientSecret: string } = { clientId: "1111.2222", clientSecret: "fake-slack-client-secret" };

  /** The bot token an install of this workspace is given. */
  installedBotToken(): string {
    return `xoxb-installed-${this.team.id.toLowerCase()}`;
  }

  /** `oauth.v2.access`: the client authenticates with HTTP Basic or client_id/client_secret params. */
  private oauthAccess(request: RecordedRequest, args: Record<string, unknown>): Record<string, unknown> {
    const basic = /^Basic\s+(.+)$/i.exec(String(request.headers.authorization ?? ""))?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, "base64").toString("utf8").split(":") : [];
    const clientId = basicId ?? str(args.client_id);
    const clientSecret = basicSecret ?? str(args.client_secret);
    if (clientId !== this.oauthClient.clientId || clientSecret !== this.oauthClient.clientSecret) throw new SlackApiError("invalid_client");
    if (!str(args.code)) throw new SlackApiError("invalid_code");
    return {
      app_id: APP_ID,
      authed_user: { id: "U0INSTALLER" },
      scope: "chat:write,commands,im:write,users:read,users:read.email",
      token_type: "bot",
      access_token: this.installedBotToken(),
      bot_user_id: BOT_USER_ID,
      team: { id: this.team.id, name: this.team.name },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  // ---- chat ---------------------------------------------------------------------------------

  /** Resolves a channel argument (id, `#name`, a user id for a DM) the way chat.postMessage does. */
  private resolveChannel(value: unknown, writing: boolean): string {
    const raw = str(value);
    if (!raw) throw new SlackApiError("channel_not_found");
    if (this.users.has(raw)) return this.dmFor(raw);
    if ([...this.dms.values()].includes(raw)) return raw;
    const byName = raw.startsWith("#") ? [...this.channels.values()].find((c) => c.name === raw.slice(1)) : undefined;
    const channel = byName ?? this.channels.get(raw);
    if (!channel || (channel.isPrivate && !channel.botIsMember)) throw new SlackApiError("channel_not_found");
    if (writing && channel.archived) throw new SlackApiError("is_archived");
    if (writing && !channel.botIsMember) throw new SlackApiError("not_in_channel");
    return channel.id;
  }

  private postMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.resolveChannel(args.channel, true);
    if (!str(args.text) && !hasItems(args.blocks) && !hasItems(args.attachments)) throw new SlackApiError("no_text");
    if (Array.isArray(args.blocks) && args.blocks.length > 50) throw new SlackApiError("invalid_blocks");
    if (args.blocks !== undefined && !Array.isArray(args.blocks)) throw new SlackApiError("invalid_blocks_format");
    const threadTs = str(args.thread_ts);
    if (threadTs && !this.messages.some((m) => m.channel === channel && m.ts === threadTs)) throw new SlackApiError("thread_not_found");
    const message: SlackMessage = {
      channel,
      ts: this.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: str(args.text),
      ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
      ...(args.attachments !== undefined ? { attachments: args.attachments } : {}),
      ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
      user: BOT_USER_ID,
      bot_id: BOT_ID,
    };
    this.messages.push(message);
    return { channel, ts: message.ts, message: this.messageJson(message) };
  }

  private updateMessage(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.resolveChannel(args.channel, true);
    const ts = str(args.ts);
    const message = this.messages.find((m) => m.channel === channel && m.ts === ts);
    if (!message) throw new SlackApiError("message_not_found");
    if (!str(args.text) && !hasItems(args.blocks) && !hasItems(args.attachments)) throw new SlackApiError("no_text");
    if (args.text !== undefined) message.text = str(args.text);
    if (args.blocks !== undefined) message.blocks = args.blocks;
    if (args.attachments !== undefined) message.attachments = args.attachments;
    message.edited = { user: BOT_USER_ID, ts: this.nextTs() };
    const json = this.messageJson(message);
    return { channel, ts, text: message.text ?? "", message: json };
  }

  private postEphemeral(args: Record<string, unknown>): Record<string, unknown> {
    const channel = this.resolveChannel(args.channel, true);
    const user = str(args.user);
    if (!this.users.has(user)) throw new SlackApiError("user_not_found");
    if (!str(args.text) && !hasItems(args.blocks) && !hasItems(args.attachments)) throw new SlackApiError("no_text");
    return { message_ts: this.nextTs(), channel };
  }

  private openConversation(args: Record<string, unknown>): Record<string, unknown> {
    const channelArg = str(args.channel);
    if (channelArg) {
      if (![...this.dms.values()].includes(channelArg)) throw new SlackApiError("channel_not_found");
      return { no_op: true, already_open: true, channel: { id: channelArg } };
    }
    const users = str(args.users)
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) throw new SlackApiError("users_list_not_supplied");
    for (const id of users) {
      const user = this.users.get(id);
      if (!user) throw new SlackApiError("user_not_found");
      if (user.deleted) throw new SlackApiError("user_disabled");
    }
    const key = users.sort().join(",");
    const already = this.dms.has(key);
    const id = this.dmFor(key);
    return already ? { no_op: true, already_open: true, channel: { id } } : { channel: { id } };
  }

  private dmFor(key: string): string {
    let id = this.dms.get(key);
    if (!id) {
      const prefix = key.includes(",") ? "G" : "D";
      id = `${prefix}${createHash("sha1").update(key).digest("hex").slice(0, 9).toUpperCase()}`;
      this.dms.set(key, id);
    }
    return id;
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, "0")}`;
  }

  private messageJson(message: SlackMessage): Record<string, unknown> {
    return {
      user: message.user,
      type: "message",
      ts: message.ts,
      bot_id: message.bot_id,
      app_id: APP_ID,
      text: message.text ?? "",
      team: this.team.id,
      bot_profile: { id: BOT_ID, app_id: APP_ID, name: "LeadRelay", deleted: false, team_id: this.team.id },
      ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
      ...(message.attachments !== undefined ? { attachments: message.attachments } : {}),
      ...(message.edited ? { edited: message.edited } : {}),
    };
  }

  // ---- views --------------------------------------------------------------------------------

  private parseView(method: string, value: unknown, expectedType?: string): Record<string, unknown> {
    if (!isRecord(value))
      throw new SlackApiError("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: view"] } });
    const type = str(value.type);
    if (!type || (expectedType && type !== expectedType)) {
      throw new SlackApiError("invalid_arguments", {
        response_metadata: { messages: [`[ERROR] failed to match all allowed schemas [json-pointer:/view/type]`] },
      });
    }
    if (type === "modal" && !isRecord(value.title)) {
      throw new SlackApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: title [json-pointer:/view]"] },
      });
    }
    if (!Array.isArray(value.blocks)) {
      throw new SlackApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: blocks [json-pointer:/view]"] },
      });
    }
    const messages = viewProblems(value);
    if (messages.length) {
      this.refused.push({ method, view: value, messages });
      throw new SlackApiError("invalid_arguments", { response_metadata: { messages } });
    }
    return value;
  }

  private buildView(input: Record<string, unknown>, rootViewId?: string, previousViewId?: string | null): SlackView {
    const id = `V${String(++this.viewCounter).padStart(10, "0")}`;
    return {
      id,
      team_id: this.team.id,
      type: str(input.type),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.submit !== undefined ? { submit: input.submit } : { submit: null }),
      ...(input.close !== undefined ? { close: input.close } : { close: null }),
      blocks: input.blocks as unknown[],
      private_metadata: str(input.private_metadata),
      callback_id: str(input.callback_id),
      external_id: str(input.external_id),
      state: { values: {} },
      hash: newHash(),
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: rootViewId ?? id,
      previous_view_id: previousViewId ?? null,
      app_id: APP_ID,
      app_installed_team_id: this.team.id,
      bot_id: BOT_ID,
    };
  }

  private checkTrigger(args: Record<string, unknown>): void {
    const trigger = str(args.trigger_id) || str(args.interactivity_pointer);
    if (!trigger)
      throw new SlackApiError("invalid_arguments", { response_metadata: { messages: ["[ERROR] missing required field: trigger_id"] } });
    if (this.expiredTriggers.has(trigger)) throw new SlackApiError("expired_trigger_id");
  }

  private openView(args: Record<string, unknown>, push: boolean, method: string): SlackView {
    this.checkTrigger(args);
    const input = this.parseView(method, args.view, "modal");
    const externalId = str(input.external_id);
    if (externalId && [...this.views.values()].some((v) => v.external_id === externalId)) throw new SlackApiError("duplicate_external_id");
    const previous = push ? [...this.views.values()].filter((v) => v.type === "modal").at(-1) : undefined;
    const view = this.buildView(input, previous?.root_view_id, previous?.id ?? null);
    this.views.set(view.id, view);
    return view;
  }

  private updateView(args: Record<string, unknown>): SlackView {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    if (!viewId && !externalId)
      throw new SlackApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] either view_id or external_id is required"] },
      });
    const existing = viewId ? this.views.get(viewId) : [...this.views.values()].find((v) => v.external_id === externalId);
    if (!existing) throw new SlackApiError("not_found");
    const hash = str(args.hash);
    if (hash && hash !== existing.hash) throw new SlackApiError("hash_conflict");
    const input = this.parseView("views.update", args.view, existing.type);
    const updated: SlackView = {
      ...this.buildView(input, existing.root_view_id, existing.previous_view_id),
      id: existing.id,
      ...(existing.user_id ? { user_id: existing.user_id } : {}),
    };
    if (!updated.external_id) updated.external_id = existing.external_id;
    this.views.set(existing.id, updated);
    return updated;
  }

  private publishView(args: Record<string, unknown>): SlackView {
    const userId = str(args.user_id);
    if (!this.users.has(userId)) throw new SlackApiError("user_not_found");
    const input = this.parseView("views.publish", args.view, "home");
    const existing = [...this.views.values()].find((v) => v.type === "home" && v.user_id === userId);
    const hash = str(args.hash);
    if (existing && hash && hash !== existing.hash) throw new SlackApiError("hash_conflict");
    const view: SlackView = {
      ...this.buildView(input),
      ...(existing ? { id: existing.id, root_view_id: existing.id } : {}),
      user_id: userId,
    };
    this.views.set(view.id, view);
    return view;
  }

  // ---- json shapes --------------------------------------------------------------------------

  private userJson(user: Required<Omit<SlackUserInput, "realName">> & { realName: string }): Record<string, unknown> {
    const [first, ...rest] = user.realName.split(" ");
    return {
      id: user.id,
      team_id: user.team,
      name: user.name,
      deleted: user.deleted,
      color: "9f69e7",
      real_name: user.realName,
      tz: user.tz,
      tz_label: "Eastern Standard Time",
      tz_offset: -18000,
      profile: {
        title: "",
        phone: "",
        skype: "",
        real_name: user.realName,
        real_name_normalized: user.realName,
        display_name: user.name,
        display_name_normalized: user.name,
        first_name: first ?? "",
        last_name: rest.join(" "),
        ...(user.email ? { email: user.email } : {}),
        image_24: `https://avatars.slack-edge.com/${user.id}_24.png`,
        image_72: `https://avatars.slack-edge.com/${user.id}_72.png`,
        team: user.team,
      },
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: user.isBot,
      is_app_user: false,
      updated: 1700000000,
    };
  }

  private channelJson(channel: Required<SlackChannelInput>): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: !channel.isPrivate,
      is_group: channel.isPrivate,
      is_im: false,
      is_mpim: false,
      is_private: channel.isPrivate,
      is_archived: channel.archived,
      is_general: channel.name === "general",
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_member: channel.botIsMember,
      created: 1600000000,
      creator: "U0ADMIN",
      unlinked: 0,
      context_team_id: this.team.id,
      topic: { value: "", creator: "", last_set: 0 },
      purpose: { value: "", creator: "", last_set: 0 },
    };
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return new FakeSlack(options).listen();
}

/** Token (Authorization header, else `token` param) and the decoded arguments of a Web API call. */
function decodeArgs(request: RecordedRequest): { token: string | undefined; args: Record<string, unknown> } {
  const args: Record<string, unknown> = {};
  const source: Record<string, unknown> = isRecord(request.body) ? request.body : {};
  for (const [key, value] of [...Object.entries(request.query), ...Object.entries(source)]) {
    args[key] = decodeParam(key, value);
  }
  const header = request.headers.authorization;
  const fromHeader = header ? /^Bearer\s+(.+)$/i.exec(header.trim())?.[1] : undefined;
  const fromBody = typeof args.token === "string" ? args.token : undefined;
  delete args.token;
  return { token: fromHeader ?? fromBody, args };
}

function decodeParam(key: string, value: unknown): unknown {
  if (typeof value !== "string" || TEXT_PARAMS.has(key)) return value;
  const trimmed = value.trim();
  if (!JSON_PARAMS.has(key) && !(trimmed.startsWith("{") || trimmed.startsWith("["))) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : typeof value === "string" && value.length > 0;
}

function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${createHash("sha1").update(String(Math.random())).digest("hex").slice(0, 8)}`;
}
