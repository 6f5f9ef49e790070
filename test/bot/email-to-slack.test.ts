import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import type { RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { keepScreenshot, launchChromium } from "../support/chromium.ts";
import { invite } from "../support/invitation-flow.ts";
import { LocalSmtpServer } from "../support/local-smtp-server.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { waitFor } from "../support/wait-for.ts";
import { expectNoRefusedViewsAfterEach, startMultiWorkspaceService, startSlackBotService } from "../support/slack-bot-service.ts";
import { grantSlackConsent } from "../support/slack-consent.ts";
import { captureLog } from "../support/log-capture.ts";

/**
 * Issue 14: a buyer who only has the invitation email reaches a delivered test lead through
 * Slack. The landing page is opened and clicked in a real headless Chromium; Slack is the fake
 * (OAuth install included); the code path uses a real local SMTP server; the test lead really
 * goes to the fake HubSpot through the delivery and notify workers.
 */
const TOKEN_BLOCK = "cred.hubspot.private-app.accessToken";
let browser: Browser;
let hubspot: FakeHubSpot;
let smtp: LocalSmtpServer;

beforeAll(async () => {
  browser = await launchChromium();
  hubspot = await startFakeHubSpot();
  smtp = await new LocalSmtpServer().listen();
});

afterAll(async () => {
  await browser?.close();
  await hubspot?.close();
  await smtp?.close();
});

/** From "connected" in the thread to a test lead delivered to HubSpot, as the journey does it. */
async function finishInSlack(driver: SlackDriver, slack: FakeSlack, person: { id: string }, dm: SlackMessage, label: string) {
  const connected = await waitFor("connected message", () => driver.messages("destination_create:hubspot", dm.ts)[0], 15_000);
  const modal = await driver.modalOpenedBy("destination_configure", () => driver.click(person.id, connected, "destination_create:hubspot"));
  const saved = await driver.submit(person.id, modal, { name: `${label} HubSpot`, [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN });
  const testForm = SlackDriver.updated(modal, saved);
  expect((await driver.submit(person.id, testForm, { "lead.first_name": label })).status).toBe(200);
  const result = await waitFor("test result", () => driver.messages("Test lead delivered", dm.ts)[0], 20_000);
  expect(JSON.stringify(result.blocks)).toMatch(/HubSpot contact \d+ (created|updated)/);
  expect(hubspot.contactsByEmail("test.lead@example.com").some((contact) => contact.properties.firstname === label)).toBe(true);
}

async function sellerInvites(service: RunningService, email: string, name: string) {
  const seller = await seedAccount(service.prisma, { name, plan: "paid" });
  return invite(new ApiClient(service.url, seller.accountKey), email, { fields: ["first_name", "email"] });
}

async function openPage(url: string, viewport = { width: 1200, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

describe("multi-workspace: Add to Slack from the invitation page", () => {
  const team = { id: `T${randomBytes(4).toString("hex").toUpperCase()}`, name: "Email Path Co", domain: "emailpath" };
  const INSTALLER = { id: "U0INSTALLER", email: `ivy@${uniqueDomain("addtoslack")}`, realName: "Ivy Installer" };
  let slack: FakeSlack;
  let service: RunningService;
  let driver: SlackDriver;

  beforeAll(async () => {
    slack = await startFakeSlack({ team, users: [INSTALLER] });
    ({ service, driver } = await startMultiWorkspaceService(slack, team, {
      HUBSPOT_API_URL: hubspot.url,
      SLACK_CHANNEL_INTERVAL_MS: "0",
    }));
  });
  expectNoRefusedViewsAfterEach(() => slack);
  afterAll(async () => {
    await service?.prisma.slackInstallation.deleteMany({ where: { teamId: team.id } });
    await service?.close();
    await slack?.close();
  });

  it("installs through the page's Add to Slack, DMs the installer the invitation, and ends in a delivered test lead", async () => {
    const sent = await sellerInvites(service, INSTALLER.email, "Install Path Seller");
    const page = await openPage(`${service.url}/invitations/${sent.token}`);
    await keepScreenshot(page, "invitation-pending-add-to-slack");
    const add = page.getByRole("link", { name: "Add to Slack" });
    await expect(add.isVisible()).resolves.toBe(true);

    // Slack's consent page is played by the browser itself: it sends the browser back with a code and the state.
    const slackConsent = await grantSlackConsent(page, service.url);
    await add.click();
    await page.waitForURL(/\/slack\/oauth_redirect/);
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("leadrelay is installed in Email Path Co");
    await expect(page.textContent("main")).resolves.toContain("Install Path Seller's invitation is waiting in your direct messages");
    await keepScreenshot(page, "slack-installed-with-invitation");
    await page.context().close();

    // The URL Slack keeps holds the invitation's id in a signed state, never its token.
    const kept = slackConsent.consentUrl()!.toString();
    expect(kept).not.toContain(sent.token);
    expect(kept).toContain("oauth/v2/authorize");

    const dm = await waitFor("invitation DM to the installer", () => driver.messages(sent.id).find((m) => !m.thread_ts));
    expect(JSON.stringify(dm.blocks)).toContain("Install Path Seller invites you to connect");
    expect(slack.calls("chat.postMessage").at(-1)!.token).toBe(slack.installedBotToken());
    await driver.click(INSTALLER.id, dm, "invitation_accept");
    const companyView = await waitFor("company modal", () =>
      slack.openedViews().find((v) => v.callback_id === "onboarding_company" && v.private_metadata.includes(sent.id)),
    );
    await driver.submit(INSTALLER.id, companyView, { company: "Ivy's Leads" });
    await finishInSlack(driver, slack, INSTALLER, dm, "Installed");
    expect(JSON.stringify(slack.calls())).not.toContain(sent.token);
  });
});

describe("multi-workspace: Add to Slack when the installer's Slack email is not the invited one", () => {
  const team = { id: `T${randomBytes(4).toString("hex").toUpperCase()}`, name: "Shared Inbox Co", domain: "sharedinbox" };
  const INSTALLER = { id: "U0INSTALLER", email: `olga@${uniqueDomain("olga")}`, realName: "Olga Owner" };
  const { lines, sink } = captureLog();
  let slack: FakeSlack;
  let service: RunningService;
  let driver: SlackDriver;

  beforeAll(async () => {
    slack = await startFakeSlack({ team, users: [INSTALLER] });
    ({ service, driver } = await startMultiWorkspaceService(
      slack,
      team,
      {
        HUBSPOT_API_URL: hubspot.url,
        SMTP_URL: smtp.url,
        SLACK_CHANNEL_INTERVAL_MS: "0",
        LOG_LEVEL: "trace",
      },
      createLogger("trace", sink),
    ));
  });
  expectNoRefusedViewsAfterEach(() => slack);
  afterAll(async () => {
    await service?.prisma.slackInstallation.deleteMany({ where: { teamId: team.id } });
    await service?.close();
    await slack?.close();
  });

  it("installs, shows the invitation, and accepts with the code emailed to the shared inbox; neither code nor token is logged", async () => {
    const shared = `sales@${uniqueDomain("salesbox")}`;
    const sent = await sellerInvites(service, shared, "Shared Inbox Seller");
    const page = await openPage(`${service.url}/invitations/${sent.token}`);
    await grantSlackConsent(page, service.url);
    await page.getByRole("link", { name: "Add to Slack" }).click();
    await page.waitForURL(/\/slack\/oauth_redirect/);
    await page.context().close();

    const dm = await waitFor("invitation DM to the installer", () => driver.messages(sent.id).find((m) => !m.thread_ts));
    await driver.click(INSTALLER.id, dm, "invitation_accept");
    const offer = await waitFor("the code offer", () => driver.messages("We emailed a 6-digit code there", dm.ts)[0]);
    expect(JSON.stringify(offer.blocks)).toContain(`s…@${shared.split("@")[1]}`);
    const modal = await waitFor("code modal", () =>
      slack.openedViews().find((v) => v.callback_id === "invitation_inbox_code" && v.private_metadata.includes(sent.id)),
    );
    const mail = await waitFor("code email", () => smtp.messages.find((m) => m.to.includes(shared) && /leadrelay code/.test(m.decoded)));
    const code = /Your leadrelay code: (\d{6})/.exec(mail.decoded)![1]!;
    const right = await driver.submit(INSTALLER.id, modal, { code });
    const companyView = SlackDriver.updated(modal, right);
    expect(companyView.callback_id).toBe("onboarding_company");
    await driver.submit(INSTALLER.id, companyView, { company: "Olga's Agency" });
    await finishInSlack(driver, slack, INSTALLER, dm, "SharedInbox");

    const log = lines.join("");
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(sent.token);
    expect(log).not.toMatch(new RegExp(`\\b${code}\\b`));
  });
});

describe("one workspace: Send it to me in Slack, and the emailed code", () => {
  const domain = uniqueDomain("onews");
  const SAM = { id: uniqueSlackUserId("SAMS"), email: `sam@${domain}`, realName: "Sam Sendme" };
  // Slack says ned@personal…, the invitation went to the shared sales@ inbox.
  const NED = { id: uniqueSlackUserId("NEDC"), email: `ned@${uniqueDomain("nedco")}`, realName: "Ned Coded" };
  const EVE = { id: uniqueSlackUserId("EVEX"), email: `eve@${uniqueDomain("eveco")}`, realName: "Eve Elsewhere" };
  let slack: FakeSlack;
  let service: RunningService;
  let driver: SlackDriver;

  beforeAll(async () => {
    slack = await startFakeSlack({ users: [SAM, NED, EVE] });
    ({ service, driver } = await startSlackBotService(slack, {
      HUBSPOT_API_URL: hubspot.url,
      SMTP_URL: smtp.url,
      SLACK_CHANNEL_INTERVAL_MS: "0",
    }));
  });
  expectNoRefusedViewsAfterEach(() => slack);
  afterAll(async () => {
    await service?.close();
    await slack?.close();
  });

  it("sends the invitation to the invited person's Slack from the page, and ends in a delivered test lead", async () => {
    const sent = await sellerInvites(service, SAM.email, "Workspace Seller");
    await waitFor("the invitation email", () => smtp.messages.find((m) => m.to.includes(SAM.email)));
    const before = driver.messages(sent.id).length;
    const page = await openPage(`${service.url}/invitations/${sent.token}`, { width: 390, height: 844 });
    await keepScreenshot(page, "invitation-pending-workspace-phone");
    const open = page.getByRole("link", { name: "Open Slack" });
    expect(await open.getAttribute("href")).toBe(`https://slack.com/app_redirect?app=A0001&team=T0001`);
    await page.getByRole("button", { name: "Send it to me in Slack" }).click();
    await page.waitForURL(/sent=1/);
    await expect(page.getByRole("status").first().textContent()).resolves.toContain(`If ${SAM.email} is in this Slack workspace`);
    await keepScreenshot(page, "invitation-sent-to-slack-phone");
    await page.context().close();

    const dm = await waitFor("the DM sent from the page", () =>
      driver
        .messages(sent.id)
        .slice(before)
        .find((m) => !m.thread_ts),
    );
    await driver.click(SAM.id, dm, "invitation_accept");
    const companyView = await waitFor("company modal", () =>
      slack.openedViews().find((v) => v.callback_id === "onboarding_company" && v.private_metadata.includes(sent.id)),
    );
    await driver.submit(SAM.id, companyView, { company: "Sam's Leads" });
    await finishInSlack(driver, slack, SAM, dm, "Workspace");
  });

  it("answers Send it to me the same whether or not Slack knows the address, and limits it", async () => {
    const ghost = `nobody@${uniqueDomain("ghost")}`;
    const sent = await sellerInvites(service, ghost, "Ghost Seller");
    const lookups = () => slack.calls("users.lookupByEmail").filter((call) => call.args.email === ghost).length;
    // Inviting looks the address up once in the background: counted before the page's own.
    await waitFor("the invitation's own lookup", () => lookups() === 1);
    const posts = slack.calls("chat.postMessage").length;
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${service.url}/invitations/${sent.token}/send-to-slack`, { method: "POST", redirect: "manual" });
      expect(res.status).toBe(303);
      answers.push(res.headers.get("location")!);
    }
    expect(answers.slice(0, 5).every((location) => location.endsWith("?sent=1"))).toBe(true);
    expect(answers[5]).toMatch(/\?sent=limited$/);
    // Slack was asked (after the answer) five times, and nothing was posted: the page said the same as for a known address.
    await waitFor("five more lookups of the address", () => lookups() === 6);
    expect(slack.calls("chat.postMessage").length).toBe(posts);
  });

  it("accepts with the 6-digit code emailed to the invited inbox when the Slack email differs", async () => {
    const shared = `sales@${uniqueDomain("sharedinbox")}`;
    const sent = await sellerInvites(service, shared, "Code Path Seller");
    const res = await driver.command(NED.id, `accept <${sent.accept_url}>`);
    expect(res.status).toBe(200);
    const offer = await waitFor("the code offer", () => driver.messages("We emailed a 6-digit code there")[0]);
    const offerText = JSON.stringify(offer.blocks);
    expect(offerText).toContain(`s…@${shared.split("@")[1]}`);
    expect(offerText).not.toContain(shared);
    const modal = await waitFor("code modal", () => driver.view("invitation_inbox_code"));
    const mail = await waitFor("code email", () => smtp.messages.find((m) => m.to.includes(shared) && /leadrelay code/.test(m.decoded)));
    const code = /Your leadrelay code: (\d{6})/.exec(mail.decoded)![1]!;
    const claim = await service.prisma.invitationClaim.findFirstOrThrow({ where: { invitationId: sent.id } });
    expect(claim.codeHash).not.toContain(code);

    // Someone else clicking Ned's "Email a new code" (a forged click) is refused and nothing is emailed.
    const mails = smtp.messages.length;
    await driver.click(EVE.id, offer, "invitation_inbox_code_resend");
    await waitFor("Eve's refusal", () =>
      driver.messages("This invitation was sent to another email address").find((m) => slack.postedMessages().some((p) => p.ts === m.ts)),
    );
    expect(smtp.messages.length).toBe(mails);

    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await driver.submit(NED.id, modal, { code: wrongCode });
    expect(wrong.json).toEqual({ response_action: "errors", errors: { code: "That is not the code: 4 tries left" } });
    // Someone else in the workspace cannot use Ned's code: they hold no claim.
    const other = await driver.submit(EVE.id, modal, { code });
    expect(other.json).toMatchObject({ response_action: "errors", errors: { code: expect.stringContaining("No code is waiting") } });

    const right = await driver.submit(NED.id, modal, { code });
    expect(right.json).toMatchObject({ response_action: "update", view: { callback_id: "onboarding_company" } });
    const companyView = SlackDriver.updated(modal, right);
    const reused = await driver.submit(NED.id, modal, { code });
    expect(reused.json).toMatchObject({ response_action: "errors", errors: { code: expect.stringContaining("No code is waiting") } });

    await driver.submit(NED.id, companyView, { company: "Ned's Desk" });
    const dm = await waitFor("Ned's onboarding thread", () =>
      service.prisma.slackThread.findFirst({ where: { account: { memberships: { some: { user: { email: NED.email } } } } } }),
    );
    const root = slack.postedMessages(dm.channelId).find((m) => m.ts === dm.threadTs)!;
    await finishInSlack(driver, slack, NED, root, "Coded");
    const accepted = await service.prisma.invitation.findUniqueOrThrow({
      where: { id: sent.id },
      include: { connection: { include: { buyer: true } } },
    });
    expect(accepted.status).toBe("accepted");
    expect(accepted.connection!.buyer.name).toBe("Ned's Desk");
  });

  it("ends a code after 5 wrong entries: even the right code is refused then", async () => {
    const shared = `team@${uniqueDomain("tries")}`;
    const sent = await sellerInvites(service, shared, "Tries Seller");
    await driver.command(EVE.id, `accept ${sent.accept_url}`);
    const modal = await waitFor("code modal", () =>
      slack.openedViews().find((v) => v.callback_id === "invitation_inbox_code" && v.private_metadata.includes(sent.id)),
    );
    const answers = [];
    const mail = await waitFor("code email", () =>
      smtp.messages.filter((m) => m.to.includes(shared) && /leadrelay code/.test(m.decoded)).at(-1),
    );
    const code = /Your leadrelay code: (\d{6})/.exec(mail.decoded)![1]!;
    const wrong = ["000001", "000002", "000003", "000004", "000005"].filter((guess) => guess !== code).slice(0, 4);
    for (const guess of [...wrong, code === "999999" ? "999998" : "999999"])
      answers.push((await driver.submit(EVE.id, modal, { code: guess })).json);
    expect(answers[3]).toMatchObject({ errors: { code: "That is not the code: 1 try left" } });
    expect(answers.at(-1)).toMatchObject({ response_action: "errors", errors: { code: expect.stringContaining("Too many wrong codes") } });
    expect((await driver.submit(EVE.id, modal, { code })).json).toMatchObject({
      errors: { code: expect.stringContaining("Too many wrong codes") },
    });
    expect((await service.prisma.invitation.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("pending");
  });
});

describe("one workspace without SMTP", () => {
  const ZED = { id: uniqueSlackUserId("ZEDN"), email: `zed@${uniqueDomain("zedco")}`, realName: "Zed Nosmtp" };
  let slack: FakeSlack;
  let service: RunningService;
  let driver: SlackDriver;

  beforeAll(async () => {
    slack = await startFakeSlack({ users: [ZED] });
    ({ service, driver } = await startSlackBotService(slack, {
      RUN_WORKERS: "false",
    }));
  });
  afterAll(async () => {
    await service?.close();
    await slack?.close();
  });

  it("says the seller must invite the Slack address when no code can be emailed", async () => {
    const sent = await sellerInvites(service, `buyers@${uniqueDomain("nosmtp")}`, "No Mail Seller");
    await driver.command(ZED.id, `accept ${sent.accept_url}`);
    const answer = await waitFor("the answer", () => driver.messages("cannot email a code there")[0]);
    expect(answer.text).toContain(`Ask No Mail Seller to invite ${ZED.email} instead`);
    expect(slack.openedViews().some((v) => v.callback_id === "invitation_inbox_code")).toBe(false);
  });
});
