import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import type { BotDeps } from "../../bot/bot-deps.ts";
import { BOT_SCOPES } from "../../bot/bot-scopes.ts";
import * as actions from "../../bot/listeners/actions/index.ts";
import * as commands from "../../bot/listeners/commands/index.ts";
import { SUBCOMMAND_NAMES } from "../../bot/listeners/commands/leadrelay-command.ts";
import * as events from "../../bot/listeners/events/index.ts";
import * as views from "../../bot/listeners/modal-submissions/index.ts";

/**
 * bot/manifest.json is what an operator pastes into Slack to create the app: it must ask for
 * exactly what the code uses. Checked against the listeners the bot really registers (every
 * bot/listeners/<kind>/index.ts run against a recording App), the scopes the OAuth install asks
 * for (bot/bot-scopes.ts) and the Web API methods the code calls (bot/ and jobs/).
 */
const ROOT = join(import.meta.dirname, "../..");

interface Manifest {
  features: { slash_commands: { command: string; url: string; usage_hint: string; should_escape: boolean }[] };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}
const manifest = JSON.parse(readFileSync(join(ROOT, "bot/manifest.json"), "utf8")) as Manifest;
const socketManifestText = readFileSync(join(ROOT, "bot/manifest.socket-mode.json"), "utf8");

/** Every listener registration the bot makes, by kind. */
function registeredListeners() {
  const seen = { command: [] as string[], action: [] as unknown[], view: [] as unknown[], event: [] as string[], other: [] as string[] };
  const app = new Proxy(
    {},
    {
      get: (_target, property: string) => (constraint: unknown) => {
        if (property === "command" || property === "event") seen[property].push(String(constraint));
        else if (property === "action" || property === "view") seen[property].push(constraint);
        else seen.other.push(property);
      },
    },
  ) as App;
  for (const kind of [commands, actions, views, events]) kind.register(app, {} as BotDeps);
  return seen;
}

/** The scopes each Web API method the code calls needs (https://api.slack.com/methods). */
const METHOD_SCOPES: Record<string, string[]> = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  // Alerts go to public and private channels: both kinds are looked up.
  "conversations.info": ["channels:read", "groups:read"],
  "conversations.list": ["channels:read", "groups:read"],
  // Only DMs with one person are opened.
  "conversations.open": ["im:write"],
  "bots.info": ["users:read"],
  "users.info": ["users:read"],
  "users.lookupByEmail": ["users:read", "users:read.email"],
  "views.open": [],
  "views.update": [],
  "views.push": [],
  "views.publish": [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(ROOT, dir, file));
}

/** Web API methods called as `client.<family>.<method>(` anywhere in bot/, slack/ and jobs/. */
function calledMethods(): Set<string> {
  const methods = new Set<string>();
  for (const file of [...sourceFiles("bot"), ...sourceFiles("slack"), ...sourceFiles("jobs")]) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(
      /\.(auth|chat|conversations|users|views|reactions|files|team|pins|usergroups|bookmarks|reminders|dnd|emoji|apps|bots)\.([a-zA-Z]+(?:\.[a-zA-Z]+)?)\(/g,
    )) {
      methods.add(`${match[1]}.${match[2]}`);
    }
  }
  return methods;
}

describe("bot/manifest.json matches the code", () => {
  const listeners = registeredListeners();

  it("declares exactly the slash commands the bot handles, with Slack's escaping on", () => {
    expect(manifest.features.slash_commands.map((command) => command.command).sort()).toEqual([...new Set(listeners.command)].sort());
    for (const command of manifest.features.slash_commands) {
      // should_escape: picked channels, emails and links arrive as <#C…|name>, <mailto:…>, <https://…>; the parsers read both forms.
      expect(command.should_escape).toBe(true);
      expect(command.url).toMatch(/\/slack\/events$/);
    }
    const hint = manifest.features.slash_commands.find((command) => command.command === "/leadrelay")!.usage_hint;
    for (const name of SUBCOMMAND_NAMES.filter((name) => name !== "destination"))
      expect(hint, `usage hint names ${name}`).toMatch(new RegExp(`(^|\\| )${name}\\b`));
  });

  it("subscribes to exactly the events the bot listens to", () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...new Set(listeners.event)].sort());
    expect(manifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
  });

  it("turns interactivity on because there are buttons and modals", () => {
    expect(listeners.action.length).toBeGreaterThan(0);
    expect(listeners.view.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: expect.stringMatching(/\/slack\/events$/) });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(listeners.other).toEqual([]);
  });

  it("asks for the scopes the install asks for, each one needed by a call the code makes", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    const methods = calledMethods();
    expect(methods.size).toBeGreaterThan(5);
    const needed = new Set<string>(listeners.command.length ? ["commands"] : []);
    for (const method of methods) {
      const scopes = METHOD_SCOPES[method];
      expect(scopes, `${method} is called: add the scopes it needs to this test (and to the manifest)`).toBeDefined();
      for (const scope of scopes!) needed.add(scope);
    }
    expect([...needed].sort()).toEqual([...BOT_SCOPES].sort());
    expect(manifest.oauth_config.redirect_urls.every((url) => url.endsWith("/slack/oauth_redirect"))).toBe(true);
  });
});

/** A manifest without what tells Slack how to reach the app: request URLs, redirect URLs, Socket Mode. */
function withoutTransport(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTransport);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !["url", "request_url", "redirect_urls", "socket_mode_enabled"].includes(key))
      .map(([key, inner]) => [key, withoutTransport(inner)]),
  );
}

describe("bot/manifest.socket-mode.json (try the bot without a public URL)", () => {
  const socketManifest = JSON.parse(socketManifestText) as Manifest;

  it("is the same app as bot/manifest.json, only in Socket Mode", () => {
    expect(withoutTransport(socketManifest)).toEqual(withoutTransport(manifest));
    expect(socketManifest.settings.socket_mode_enabled).toBe(true);
    expect(socketManifest.settings.interactivity.is_enabled).toBe(true);
  });

  it("names no URL to replace: Slack reaches the app over the socket it opens", () => {
    expect(socketManifestText).not.toMatch(/https?:\/\/|YOUR-HOST|"url"|request_url|redirect_urls/);
  });
});
