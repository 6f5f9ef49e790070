import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { linkSlackIdentity } from "../../core/slack/slack-identity.ts";
import type { PartnerOnboarding } from "../../core/partners/onboard-invited-buyer.ts";
import type { RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { uniqueDomain } from "../support/seed-account.ts";
import { HOSTILE, injections } from "../support/slack-injections.ts";
import { type SlackDriver, uniqueSlackUserId, type SlackResponse } from "../support/slack-driver.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";
import { onboardHubSpotBuyer } from "../support/partner-hubspot-buyer.ts";
import { waitFor } from "../support/wait-for.ts";
import { deleteAccounts } from "../support/delete-accounts.ts";
import { startSlackBotService } from "../support/slack-bot-service.ts";

/**
 * Issue 8, item 9 end to end: a buyer whose destination is named `<!here> Leads …` (and whose
 * account, seller, lead values and the endpoint's errors carry mentions and links) uses the bot
 * through the signed Slack endpoint: commands, App Home, a test lead and its result, failing
 * live leads that raise alerts in a channel, and the fix made from the alert's button, whose
 * confirmation goes to the alerts channel. Every message, update and view the bot sent to the
 * (fake) Slack Web API, and every command answer, must be free of live mentions and links.
 */
const RUN = randomBytes(3).toString("hex").toUpperCase();
const ALERTS = `CESCALRT${RUN}`;
const BAD_TOKEN = "pat-na1-00000000-dead-beef-0000-000000000000";
const DESTINATION_NAME = `<!here> Leads ${HOSTILE}`;
const BUYER = { id: uniqueSlackUserId("ESCB"), email: `eve@${uniqueDomain("escbuyer")}`, realName: `Eve ${HOSTILE}` };
const SELLER = { id: uniqueSlackUserId("ESCS"), email: `sam@${uniqueDomain("escseller")}`, realName: "Sam Seller" };

let slack: FakeSlack;
let hubspot: FakeHubSpot;
let service: RunningService;
let driver: SlackDriver;
let partner: PartnerOnboarding;
const answers: SlackResponse[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ users: [BUYER, SELLER], channels: [{ id: ALERTS, name: "lead-alerts" }] });
  hubspot = await startFakeHubSpot();
  ({ service, driver } = await startSlackBotService(slack, {
    HUBSPOT_API_URL: hubspot.url,
    SLACK_CHANNEL_INTERVAL_MS: "0",
    ALERT_UPDATE_DELAY_MS: "200",
  }));
  partner = await onboardHubSpotBuyer(
    service.prisma,
    new SecretBox(TEST_ENCRYPTION_KEY),
    hubspot.url,
    { seller: { ...SELLER, company: `Seller ${HOSTILE}` }, buyer: { ...BUYER, company: `Buyer ${HOSTILE}` } },
    { name: DESTINATION_NAME, description: HOSTILE, accessToken: BAD_TOKEN, verify: false },
  );
  await linkSlackIdentity(service.prisma, { teamId: "T0001", slackUserId: BUYER.id, userId: partner.buyer.userId });
});

afterAll(async () => {
  await deleteAccounts(service?.prisma, [partner?.buyer.accountId, partner?.seller.accountId]);
  await service?.close();
  await hubspot?.close();
  await slack?.close();
});

async function command(text: string): Promise<SlackResponse> {
  const res = await driver.command(BUYER.id, text, ALERTS);
  expect(res.status, text).toBe(200);
  answers.push(res);
  return res;
}

describe("a destination named <!here> Leads through the bot and its alerts", () => {
  it("commands answer with the names escaped", async () => {
    const alerts = await command(`alerts <#${ALERTS}|lead-alerts> all`);
    expect(alerts.json?.text).toContain(`<#${ALERTS}> now gets every delivery alert`);
    for (const text of [
      "status",
      "destinations",
      "events",
      "help",
      `test nothing-like-this ${HOSTILE}`,
      `alerts #${HOSTILE} all`,
      `frobnicate ${HOSTILE}`,
    ])
      await command(text);
    const status = JSON.stringify(answers[1]!.json);
    expect(status).toContain("&lt;!here&gt; Leads");
    // The only link allowed: the alerts channel the person named, as `<#C…>`.
    for (const answer of answers) expect(injections(answer.json, [`<#${ALERTS}>`]), answer.text).toEqual([]);
  });

  it("the App Home escapes them", async () => {
    await driver.event({ type: "app_home_opened", user: BUYER.id, channel: "D0ESC", tab: "home", event_ts: "1700000000.000300" });
    const home = await waitFor("home", () => slack.openedViews().find((view) => view.type === "home" && view.user_id === BUYER.id));
    expect(JSON.stringify(home.blocks)).toContain("&lt;!here&gt; Leads");
  });

  it("a test lead and its failed result (posted by the notify worker) escape them", async () => {
    await command("test");
    const form = await waitFor("test lead modal", () => driver.view("test_lead_send"));
    await driver.submit(BUYER.id, form, { "lead.first_name": HOSTILE });
    const sending = await waitFor("Sending…", () => driver.messages("Sending a test lead to *&lt;!here&gt; Leads")[0]);
    await waitFor(
      "result",
      () => driver.messages("Test lead failed", sending.ts).find((message) => message.thread_ts === sending.ts),
      15_000,
    );
  });

  it("failing live leads raise an alert in the channel; the fix made from its button is confirmed there", async () => {
    const res = await fetch(partner.submitUrl.replace(/^https?:\/\/[^/]+/, service.url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${partner.postingKey}` },
      body: JSON.stringify({ first_name: HOSTILE, last_name: "<!everyone>", email: "eve.lead@example.com" }),
    });
    expect(res.status).toBe(201);
    const alert = await waitFor(
      "alert in the channel",
      () => slack.postedMessages(ALERTS).find((message) => JSON.stringify(message.blocks).includes("destination_update_credentials")),
      20_000,
    );
    expect(JSON.stringify(alert)).toContain("&lt;!here&gt; Leads");

    const modal = await driver.modalOpenedBy("destination_credentials", () =>
      driver.click(BUYER.id, alert, "destination_update_credentials"),
    );
    const blockId = (modal.blocks as { type: string; block_id?: string }[]).find((block) => block.type === "input")!.block_id!;
    const saved = await driver.submit(BUYER.id, modal, { [blockId]: HUBSPOT_DEFAULT_TOKEN });
    expect(saved.status).toBe(200);
    const fixed = await waitFor(
      "fix confirmed in the alerts channel",
      () => slack.postedMessages(ALERTS).find((message) => (message.text ?? "").includes("are updated and verified")),
      15_000,
    );
    expect(fixed.text).toContain("&lt;!here&gt; Leads");
    expect(fixed.thread_ts).toBe(alert.ts);
  });

  it("nothing the bot sent to Slack carries a live mention or link", () => {
    const calls = slack
      .calls()
      .filter((call) => /^(chat\.(postMessage|update|postEphemeral)|views\.(open|update|push|publish))$/.test(call.method));
    const methods = new Set(calls.map((call) => call.method));
    for (const method of ["chat.postMessage", "views.open", "views.publish"]) expect(methods, method).toContain(method);
    expect(calls.length).toBeGreaterThan(5);
    const found = calls.flatMap((call) => injections(call.args).map((where) => `${call.method} ${where}`));
    expect(found).toEqual([]);
    // The names really were there, escaped (not dropped).
    expect(calls.filter((call) => JSON.stringify(call.args).includes("&lt;!here&gt; Leads")).length).toBeGreaterThan(3);
  });
});
