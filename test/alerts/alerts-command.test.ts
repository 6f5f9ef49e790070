import { WebClient } from "@slack/web-api";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { BotDeps } from "../../bot/bot-deps.ts";
import type { CommandContext } from "../../bot/listeners/commands/command-context.ts";
import { handleAlertsCommand, parseAlertsArgs } from "../../bot/listeners/commands/alerts-command.ts";
import { channelReference, linkTarget, unescapeSlackText } from "../../bot/listeners/commands/command-text.ts";
import { createPrisma, type PrismaClient } from "../../core/db/prisma.ts";
import { linkSlackIdentity } from "../../core/slack/slack-identity.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { RedisAudienceVersions } from "../../jobs/notify/alert-audience-cache.ts";
import { TEST_DATABASE_URL, TEST_KEY_PREFIX, TEST_REDIS_URL } from "../support/env.ts";
import { seedAccount, type SeededAccount } from "../support/seed-account.ts";

describe("parsing /leadrelay alerts", () => {
  it("reads a linked channel mention, a bare id, a plain #name or the current channel, and a level", () => {
    expect(parseAlertsArgs(["<#C0ALERTS|sales-alerts>", "all"], "C0HERE01")).toEqual({
      kind: "set",
      channel: { id: "C0ALERTS" },
      level: "all",
    });
    expect(parseAlertsArgs(["<#C0ALERTS>", "FAILURES"], "C0HERE01")).toEqual({
      kind: "set",
      channel: { id: "C0ALERTS" },
      level: "failures",
    });
    expect(parseAlertsArgs(["<#C0ALERTS|>", "all"], "C0HERE01")).toEqual({ kind: "set", channel: { id: "C0ALERTS" }, level: "all" });
    expect(parseAlertsArgs(["C0ALERTS off"], "C0HERE01")).toEqual({ kind: "set", channel: { id: "C0ALERTS" }, level: "off" });
    // should_escape leaves a #name Slack did not recognise as typed: it is looked up by name.
    expect(parseAlertsArgs(["#Sales-Alerts", "all"], "C0HERE01")).toEqual({ kind: "set", channel: { name: "sales-alerts" }, level: "all" });
    expect(parseAlertsArgs(["failures"], "C0HERE01")).toEqual({ kind: "set", channel: { id: "C0HERE01" }, level: "failures" });
    expect(parseAlertsArgs([], "C0HERE01")).toEqual({ kind: "list" });
  });

  it("explains what it could not understand, escaped", () => {
    expect(parseAlertsArgs(["#<!here>", "all"], "C0HERE01")).toMatchObject({
      kind: "invalid",
      message: expect.stringContaining("pick the channel from the list"),
    });
    expect(parseAlertsArgs(["<#C0ALERTS>"], "C0HERE01")).toMatchObject({
      kind: "invalid",
      message: expect.stringContaining("all, failures or off"),
    });
    expect(parseAlertsArgs(["<!channel>", "all"], "C0HERE01")).toMatchObject({
      kind: "invalid",
      message: expect.stringContaining("&lt;!channel&gt;"),
    });
    expect(parseAlertsArgs(["&lt;!channel&gt;", "all"], "C0HERE01")).toMatchObject({
      kind: "invalid",
      message: expect.not.stringContaining("<!channel>"),
    });
  });
});

describe("slash command words as Slack escapes them (should_escape: true)", () => {
  it("reads emails, links and channels in both their escaped and plain forms", () => {
    expect(linkTarget("<mailto:ann@buyer.example|ann@buyer.example>")).toBe("ann@buyer.example");
    expect(linkTarget("<mailto:ann@buyer.example>")).toBe("ann@buyer.example");
    expect(linkTarget("ann@buyer.example")).toBe("ann@buyer.example");
    expect(linkTarget("<https://lr.example/invitations/lr_inv_abc?x=1&amp;y=2>")).toBe("https://lr.example/invitations/lr_inv_abc?x=1&y=2");
    expect(linkTarget("<https://lr.example/i/lr_inv_abc|lr.example/i/lr_inv_abc>")).toBe("https://lr.example/i/lr_inv_abc");
    expect(unescapeSlackText("A &amp; B &lt;CRM&gt;")).toBe("A & B <CRM>");
    expect(channelReference("<#C0ALERTS|alerts>")).toEqual({ id: "C0ALERTS" });
    expect(channelReference("G0PRIVATE1")).toEqual({ id: "G0PRIVATE1" });
    expect(channelReference("#lead-alerts")).toEqual({ name: "lead-alerts" });
    expect(channelReference("#")).toBeNull();
    expect(channelReference("alerts")).toBeNull();
  });
});

describe("/leadrelay alerts", () => {
  let prisma: PrismaClient;
  let slack: FakeSlack;
  let account: SeededAccount;
  const replies: string[] = [];
  let redis: Redis;
  let audienceChanges: RedisAudienceVersions;

  beforeAll(async () => {
    prisma = createPrisma(TEST_DATABASE_URL, 2);
    redis = new Redis(TEST_REDIS_URL);
    audienceChanges = new RedisAudienceVersions(redis, `${TEST_KEY_PREFIX}-cmd-${Date.now()}`);
    slack = await startFakeSlack({
      channels: [
        { id: "C0CMD001", name: "alerts" },
        { id: "C0CMD002", name: "elsewhere", botIsMember: false },
        { id: "C0CMD003", name: "lead-alerts" },
        { id: "G0CMD004", name: "secret-alerts", isPrivate: true },
        { id: "G0CMD005", name: "hidden-alerts", isPrivate: true, botIsMember: false },
      ],
    });
    account = await seedAccount(prisma);
    await linkSlackIdentity(prisma, { teamId: "T0001", slackUserId: "U0ADA", userId: account.adminUserId });
  });
  /** Every view the bot opened, updated or published passed Slack's view rules (the fake refuses the rest). */
  afterEach(() => {
    expect(slack.refusedViews()).toEqual([]);
  });

  afterAll(async () => {
    await slack?.close();
    await prisma?.$disconnect();
    redis?.disconnect();
  });

  /** Only what the alerts command uses. */
  function botDeps(): BotDeps {
    const deps: Partial<BotDeps> = { prisma, audienceChanges };
    return deps as BotDeps;
  }

  function context(userId = "U0ADA"): CommandContext {
    return {
      command: {} as CommandContext["command"],
      ack: (async (reply?: string | { text?: string }) => {
        replies.push(typeof reply === "string" ? reply : (reply?.text ?? ""));
      }) as CommandContext["ack"],
      respond: (async () => undefined) as unknown as CommandContext["respond"],
      client: new WebClient(SLACK_DEFAULT_TOKEN, { slackApiUrl: `${slack.url}/api/`, retryConfig: { retries: 0 } }),
      deps: botDeps(),
      teamId: "T0001",
      userId,
      channelId: "C0CMD001",
    };
  }

  const run = async (words: string[], userId?: string) => {
    await handleAlertsCommand(words, context(userId));
    return replies.at(-1)!;
  };

  it("subscribes, changes the level, lists, resumes a paused one and turns off", async () => {
    expect(await run(["<#C0CMD001|alerts>", "failures"])).toMatch(
      /^<#C0CMD001> now gets failed leads and unhealthy destinations for \*Account/,
    );
    expect(await run(["all"])).toMatch(/^<#C0CMD001> now gets every delivery alert/);
    // Each change tells every process's audience cache (the account's version key moved).
    expect(await audienceChanges.version(account.accountId)).toBe("2");
    const rows = await prisma.alertSubscription.findMany({ where: { accountId: account.accountId } });
    expect(rows).toMatchObject([{ teamId: "T0001", channelId: "C0CMD001", level: "all", status: "active" }]);

    await prisma.alertSubscription.update({
      where: { id: rows[0]!.id },
      data: { status: "paused", pausedReason: "Slack: not_in_channel" },
    });
    expect(await run([])).toContain("• <#C0CMD001>: all (paused: Slack: not_in_channel; set it again to resume)");
    expect(await run(["failures"])).toContain("Its paused alerts are on again.");
    expect(await prisma.alertSubscription.findUniqueOrThrow({ where: { id: rows[0]!.id } })).toMatchObject({
      status: "active",
      pausedReason: null,
      level: "failures",
    });

    expect(await run(["<#C0CMD001>", "off"])).toMatch(/^<#C0CMD001> no longer gets delivery alerts/);
    expect(await prisma.alertSubscription.count({ where: { accountId: account.accountId } })).toBe(0);
    expect(await run(["off"])).toMatch(/was not getting alerts/);
  });

  it("finds a channel typed as a plain #name (public, or private with the bot in it)", async () => {
    expect(await run(["#lead-alerts", "failures"])).toMatch(/^<#C0CMD003> now gets failed leads/);
    expect(await run(["#secret-alerts", "all"])).toMatch(/^<#G0CMD004> now gets every delivery alert/);
    expect(await run(["#hidden-alerts", "all"])).toMatch(/can't find a channel named #hidden-alerts.*Pick it from the list/);
    expect(await run(["#no-such-channel", "all"])).toMatch(/can't find a channel named #no-such-channel/);
    const rows = await prisma.alertSubscription.findMany({ where: { accountId: account.accountId }, orderBy: { channelId: "asc" } });
    expect(rows.map((row) => [row.channelId, row.level])).toEqual([
      ["C0CMD003", "failures"],
      ["G0CMD004", "all"],
    ]);
    expect(await run(["#lead-alerts", "off"])).toMatch(/^<#C0CMD003> no longer gets delivery alerts/);
    expect(await run(["G0CMD004", "off"])).toMatch(/^<#G0CMD004> no longer gets delivery alerts/);
  });

  it("warns when the bot is not in the channel", async () => {
    expect(await run(["<#C0CMD002|elsewhere>", "failures"])).toContain("I'm not in <#C0CMD002> yet: type `/invite @leadrelay` there");
  });

  it("asks someone it cannot place in an account to connect first", async () => {
    expect(await run(["all"], "U0STRANGER")).toMatch(/open the leadrelay app's Home tab/);
  });
});
