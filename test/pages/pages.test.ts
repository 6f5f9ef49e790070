import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { startFakeSalesforce, type FakeSalesforce } from "../fakes/salesforce.ts";
import { ApiClient } from "../support/api-client.ts";
import { TestBrowser } from "../support/oauth-browser.ts";
import { startSalesforceAuthorization } from "../support/salesforce-authorization.ts";
import { typedApi } from "../support/typed-api.ts";
import { keepScreenshot, launchChromium } from "../support/chromium.ts";
import { invite } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { seedBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";

/**
 * Issue 14, item 3: the pages people look at share one small layout and work in a real browser
 * (Debian's Chromium): each state of the invitation page, the submission docs and an OAuth result,
 * on a phone and a desktop, with nothing loaded from elsewhere and nothing the CSP refuses.
 */
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
let browser: Browser;
let service: RunningService;
let seller: ApiClient;
let salesforce: FakeSalesforce;

beforeAll(async () => {
  browser = await launchChromium();
  salesforce = await startFakeSalesforce();
  service = await startService(
    testConfig({ RUN_WORKERS: "false", SALESFORCE_LOGIN_URL: salesforce.url, PUBLIC_URL: "http://leadrelay.test" }),
    createLogger("silent"),
  );
  const account = await seedAccount(service.prisma, { name: `Seller <b>"Quotes"</b> & Co`, plan: "paid" });
  seller = new ApiClient(service.url, account.accountKey);
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
  await salesforce?.close();
});

/** Opens a page, recording every request it makes and every console message (CSP refusals land there). */
async function open(
  path: string,
  viewport = DESKTOP,
): Promise<{ page: Page; context: BrowserContext; requests: string[]; console: string[]; status: number }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const requests: string[] = [];
  const consoleLines: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => consoleLines.push(message.text()));
  const response = await page.goto(`${service.url}${path}`);
  return { page, context, requests, console: consoleLines, status: response!.status() };
}

function expectSelfContained(opened: { requests: string[]; console: string[] }) {
  expect(opened.requests.every((url) => url.startsWith(service.url))).toBe(true);
  expect(opened.console.filter((line) => /Content Security Policy|Refused/i.test(line))).toEqual([]);
}

describe("the invitation page", () => {
  it("shows a pending invitation escaped, with the command to paste and a working Copy button, on a phone and a desktop", async () => {
    const sent = await invite(seller, `pam@${uniqueDomain("pages")}`, { fields: ["first_name", "phone_1", "loan.amount"] });
    for (const [name, viewport] of [
      ["phone", PHONE],
      ["desktop", DESKTOP],
    ] as const) {
      const opened = await open(`/invitations/${sent.token}`, viewport);
      const { page } = opened;
      expect(opened.status).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe(
        `Seller <b>"Quotes"</b> & Co invites you to connect`,
      );
      await expect(page.locator("#accept-command").textContent()).resolves.toBe(`/leadrelay accept ${sent.accept_url}`);
      // No Slack app on this server: no Slack button, the command still works elsewhere.
      expect(await page.getByRole("button", { name: "Send it to me in Slack" }).count()).toBe(0);
      // Nothing is wider than the screen (readable on a phone without zooming out).
      const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
      expect(overflow).toBeLessThanOrEqual(0);
      await keepScreenshot(page, `invitation-pending-no-slack-${name}`);

      await opened.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: service.url });
      await page.getByRole("button", { name: "Copy" }).click();
      // The button writes the clipboard first (asynchronous), then says so.
      await expect.poll(() => page.locator("#accept-command-status").textContent()).toBe("Copied. Paste it in Slack.");
      await expect(page.evaluate<string>("navigator.clipboard.readText()")).resolves.toBe(`/leadrelay accept ${sent.accept_url}`);
      expectSelfContained(opened);
      await opened.context.close();
    }
    const res = await fetch(`${service.url}/invitations/${sent.token}`);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("says what to do next when it expired, was withdrawn or was accepted, without showing the accepting account", async () => {
    const expired = await invite(seller, `exp@${uniqueDomain("pages")}`);
    await service.prisma.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 86_400_000) } });
    const revoked = await invite(seller, `rev@${uniqueDomain("pages")}`);
    expect((await seller.post(`/invitations/${revoked.id}/revoke`)).status).toBe(200);
    const acceptedEmail = `acc@${uniqueDomain("pages")}`;
    const accepted = await invite(seller, acceptedEmail);
    const user = await service.prisma.user.create({ data: { id: crypto.randomUUID(), email: acceptedEmail, name: "Ada Accepter" } });
    await service.prisma.invitation.update({
      where: { id: accepted.id },
      data: { status: "accepted", acceptedAt: new Date("2026-11-30T10:00:00Z"), acceptedByUserId: user.id, tokenSealed: null },
    });

    const cases = [
      { token: expired.token, name: "expired", badge: "Expired", next: 'Ask Seller <b>"Quotes"</b> & Co to send you a new one' },
      { token: revoked.token, name: "revoked", badge: "Withdrawn", next: "withdrew this invitation" },
      { token: accepted.token, name: "accepted", badge: "Accepted", next: "Accepted by Ada Accepter on 2026-11-30" },
    ];
    for (const state of cases) {
      const opened = await open(`/invitations/${state.token}`, PHONE);
      const text = await opened.page.textContent("main");
      expect(text).toContain(state.badge);
      expect(text).toContain(state.next);
      expect(text).not.toContain("/leadrelay accept");
      await keepScreenshot(opened.page, `invitation-${state.name}-phone`);
      expectSelfContained(opened);
      await opened.context.close();
    }
  });

  it("answers an unknown link with a 404 page in the same layout", async () => {
    const opened = await open("/invitations/lr_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", PHONE);
    expect(opened.status).toBe(404);
    await expect(opened.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Invitation not found");
    await keepScreenshot(opened.page, "invitation-not-found-phone");
    await opened.context.close();
  });
});

describe("the other pages in the layout", () => {
  it("shows a source's submission docs with its fields laid out in a table", async () => {
    const buyer = await seedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY), {
      fields: [{ name: "loan_amount", type: "number", required: true }],
    });
    for (const [name, viewport] of [
      ["phone", PHONE],
      ["desktop", DESKTOP],
    ] as const) {
      const opened = await open(`/flows/${buyer.flowId}/sources/${buyer.sourceId}/docs`, viewport);
      expect(opened.status).toBe(200);
      await expect(opened.page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("Posting leads to");
      const header = await opened.page.locator("table th").allTextContents();
      expect(header).toEqual(["Field", "Label", "Type", "Required"]);
      await keepScreenshot(opened.page, `submission-docs-${name}`);
      expectSelfContained(opened);
      await opened.context.close();
    }
  });

  it("takes the browser through Authorize in Salesforce to the “Salesforce is connected” page", async () => {
    const buyer = await seedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY));
    const { authorizeUrl } = await startSalesforceAuthorization(typedApi(service.url, buyer.accountKey), "Org <i>North</i>");
    // Our start page and Salesforce's approval (the fake approves at once), keeping the cookie the start page sets…
    const oauth = new TestBrowser(service.url);
    const { callbackUrl } = await oauth.approve(authorizeUrl);
    // …then the browser holding that cookie comes back to our callback.
    const context = await browser.newContext({ viewport: PHONE });
    const [name, value] = oauth.cookieHeader().split("=") as [string, string];
    await context.addCookies([{ name, value, url: `${service.url}/oauth/salesforce/` }]);
    const page = await context.newPage();
    const response = await page.goto(`${service.url}${callbackUrl.pathname}${callbackUrl.search}`);
    expect(response!.status()).toBe(200);
    expect(page.url()).toContain("/oauth/salesforce/callback");
    await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Salesforce is connected");
    await expect(page.textContent("main")).resolves.toContain("“Org <i>North</i>” is ready");
    await keepScreenshot(page, "salesforce-connected-phone");
    await context.close();
  });

  it("shows a refused Salesforce authorization in the layout", async () => {
    const opened = await open("/oauth/salesforce/callback?error=access_denied&error_description=end-user%20denied%20authorization", PHONE);
    expect(opened.status).toBe(400);
    await expect(opened.page.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Salesforce was not connected");
    await expect(opened.page.textContent("main")).resolves.toContain("end-user denied authorization");
    await keepScreenshot(opened.page, "salesforce-not-connected-phone");
    expectSelfContained(opened);
    await opened.context.close();
  });
});
