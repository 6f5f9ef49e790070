import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { invite } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { waitFor } from "../support/wait-for.ts";
import { startMultiWorkspaceService } from "../support/slack-bot-service.ts";

/**
 * Multi-workspace mode: "Add to Slack" through /slack/install and /slack/oauth_redirect
 * (@slack/oauth's InstallProvider, our Postgres installation store), then requests from that
 * workspace are answered with its own bot token. A workspace of its own, so no other suite's
 * team shares its installation row.
 */
const team = { id: `T${randomBytes(4).toString("hex").toUpperCase()}`, name: "Installed Co", domain: "installed" };
let slack: FakeSlack;
let service: RunningService;
let driver: SlackDriver;
const PERSON = { id: uniqueSlackUserId("INST"), email: `ina@${uniqueDomain("installed")}`, realName: "Ina Installed" };

beforeAll(async () => {
  slack = await startFakeSlack({ team, users: [PERSON] });
  ({ service, driver } = await startMultiWorkspaceService(slack, team, { RUN_WORKERS: "false" }));
});

afterAll(async () => {
  await service?.prisma.slackInstallation.deleteMany({ where: { teamId: team.id } });
  await service?.close();
  await slack?.close();
});

describe("OAuth install (multi-workspace)", () => {
  it("installs through /slack/install and /slack/oauth_redirect, storing the tokens sealed", async () => {
    const start = await fetch(`${service.url}/slack/install`, { redirect: "manual" });
    expect(start.status).toBe(302);
    const consent = new URL(start.headers.get("location")!);
    expect(consent.origin + consent.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(consent.searchParams.get("scope")).toContain("users:read.email");
    expect(consent.searchParams.get("redirect_uri")).toMatch(/\/slack\/oauth_redirect$/);
    const state = consent.searchParams.get("state")!;
    const cookie = start.headers.get("set-cookie")!.split(";")[0]!;

    const refused = await fetch(`${service.url}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state)}`);
    expect(refused.status).toBe(400);

    const done = await fetch(`${service.url}/slack/oauth_redirect?code=abc&state=${encodeURIComponent(state)}`, { headers: { cookie } });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("leadrelay is installed in Installed Co");
    const row = await service.prisma.slackInstallation.findUniqueOrThrow({ where: { teamId: team.id } });
    expect(row).toMatchObject({ teamName: "Installed Co", botUserId: "U0BOT" });
    expect(row.botToken).not.toContain(slack.installedBotToken());
    expect(row.installation).not.toContain(slack.installedBotToken());
  });

  it("answers the installed workspace's requests with its own token, and DMs invited people there", async () => {
    const res = await driver.command(PERSON.id, "help");
    expect(res.json).toMatchObject({ response_type: "ephemeral" });

    const seller = await seedAccount(service.prisma, { name: "Install Seller" });
    const sent = await invite(new ApiClient(service.url, seller.accountKey), PERSON.email);
    const dm = await waitFor("invitation DM", () => driver.messages(sent.id)[0]);
    expect(dm.text).toContain("Install Seller invites you");
    const posted = slack.calls("chat.postMessage").at(-1)!;
    expect(posted.token).toBe(slack.installedBotToken());
  });
});
