import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { authorizationUrl, exchangeAuthorizationCode } from "../../core/integrations/salesforce/salesforce-oauth.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import type { RecordedRequest } from "../fakes/fake-http-server.ts";
import { SALESFORCE_DEFAULT_CLIENT, startFakeSalesforce, type FakeSalesforce } from "../fakes/salesforce.ts";
import { TestBrowser } from "../support/oauth-browser.ts";
import { startSalesforceAuthorization } from "../support/salesforce-authorization.ts";
import { typedApi } from "../support/typed-api.ts";
import { seedBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";

/**
 * The review replayed a Salesforce OAuth `state` and used it from another browser. The flow now
 * starts at our start page, which binds a single-use state (and a PKCE verifier) to a cookie in
 * the browser that opened it; these tests replay the attacks against the running service.
 */
let service: RunningService;
let salesforce: FakeSalesforce;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
/** Code exchanges only (saving the destination also refreshes a token to verify it). */
const TOKEN = (request: RecordedRequest) =>
  request.method === "POST" &&
  request.path === "/services/oauth2/token" &&
  (request.body as Record<string, string> | undefined)?.grant_type === "authorization_code";

beforeAll(async () => {
  salesforce = await startFakeSalesforce();
  service = await startService(testConfig({ RUN_WORKERS: "false", SALESFORCE_LOGIN_URL: salesforce.url }), createLogger("silent"));
});

afterAll(async () => {
  await service?.close();
  await salesforce?.close();
});

/** A buyer with a Salesforce OAuth destination awaiting authorization; returns its "Authorize" link. */
async function authorizeLink(): Promise<{ link: string; accountKey: string; destinationId: string }> {
  const buyer = await seedBuyer(service.prisma, secretBox);
  const started = await startSalesforceAuthorization(typedApi(service.url, buyer.accountKey), "Org");
  return { link: started.authorizeUrl, accountKey: buyer.accountKey, destinationId: started.destination.id };
}

async function refreshTokenOf(destinationId: string): Promise<string | undefined> {
  const row = await service.prisma.destination.findUniqueOrThrow({ where: { id: destinationId } });
  return row.credentials ? secretBox.openJson<Record<string, string>>(row.credentials).refreshToken : undefined;
}

describe("starting an authorization", () => {
  it("sets an HttpOnly, SameSite=Lax, path-scoped cookie and sends the browser to Salesforce with a fresh state and an S256 challenge", async () => {
    const { link } = await authorizeLink();
    expect(new URL(link).pathname).toBe("/oauth/salesforce/start");
    const browser = new TestBrowser(service.url);
    const start = await browser.visit(link);
    expect(start.status).toBe(302);
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith("lr_sf_oauth="))!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=Lax/i);
    expect(cookie).toMatch(/; Path=\/oauth\/salesforce/i);
    expect(cookie).not.toMatch(/; Secure/i); // PUBLIC_URL is http here; see the https case below
    const salesforceUrl = new URL(start.headers.get("location")!);
    expect(salesforceUrl.origin + salesforceUrl.pathname).toBe(`${salesforce.url}/services/oauth2/authorize`);
    expect(salesforceUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(salesforceUrl.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const state = salesforceUrl.searchParams.get("state")!;
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link).not.toContain(state);

    // Every visit of the link is a new state (the link is not the state).
    const again = new URL((await browser.visit(link)).headers.get("location")!);
    expect(again.searchParams.get("state")).not.toBe(state);
  });

  it("marks the cookie Secure when PUBLIC_URL is https", async () => {
    const https = await startService(
      testConfig({ RUN_WORKERS: "false", SALESFORCE_LOGIN_URL: salesforce.url, PUBLIC_URL: "https://leads.example.test" }),
      createLogger("silent"),
    );
    try {
      const { link } = await authorizeLink();
      const start = await new TestBrowser(https.url).visit(link);
      expect(start.status).toBe(302);
      expect(start.headers.getSetCookie().find((c) => c.startsWith("lr_sf_oauth="))).toMatch(/; Secure/i);
      expect(new URL(start.headers.get("location")!).searchParams.get("redirect_uri")).toBe(
        "https://leads.example.test/oauth/salesforce/callback",
      );
    } finally {
      await https.close();
    }
  });

  it("refuses a tampered start link without contacting Salesforce", async () => {
    const { link } = await authorizeLink();
    const tampered = link.replace(/link=v1\.([^.]+)\./, "link=v1.$1.AAAA");
    const page = await new TestBrowser(service.url).visit(tampered);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("This authorization link is not valid");
    expect(page.headers.get("location")).toBeNull();
  });
});

describe("the callback", () => {
  it("completes once with PKCE; the same state replayed is refused with a clear page and no second token exchange", async () => {
    const { link, destinationId } = await authorizeLink();
    const browser = new TestBrowser(service.url);
    const { salesforceUrl, callbackUrl } = await browser.approve(link);
    const exchangesBefore = salesforce.requestsTo(TOKEN).length;
    const pkceBefore = salesforce.verifiedPkceExchanges();

    const first = await browser.visit(callbackUrl);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Salesforce is connected");
    const exchanges = salesforce.requestsTo(TOKEN).slice(exchangesBefore);
    expect(exchanges).toHaveLength(1);
    // The exchange carried the verifier whose S256 hash is the challenge the browser took to Salesforce.
    const verifier = (exchanges[0]!.body as Record<string, string>).code_verifier!;
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(salesforceUrl.searchParams.get("code_challenge"));
    expect(salesforce.verifiedPkceExchanges()).toBe(pkceBefore + 1);
    const stored = await refreshTokenOf(destinationId);
    expect(stored).toBeTruthy();

    // The review's attack: the very same callback URL (state and code) a second time.
    const replay = await browser.visit(callbackUrl);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("This authorization was already used");
    expect(salesforce.requestsTo(TOKEN).length).toBe(exchangesBefore + 1);
    expect(await refreshTokenOf(destinationId)).toBe(stored);
  });

  it("refuses a callback without the starting browser's cookie, or with another browser's, and the rightful browser can still finish", async () => {
    const { link, destinationId } = await authorizeLink();
    const victim = new TestBrowser(service.url);
    const { callbackUrl } = await victim.approve(link);
    const exchangesBefore = salesforce.requestsTo(TOKEN).length;

    // No cookie at all (a link sent to someone else, or a forged request).
    const bare = await new TestBrowser(service.url).visit(callbackUrl);
    expect(bare.status).toBe(400);
    expect(await bare.text()).toContain("This authorization was not started in this browser");

    // Another browser that has its own cookie (it started an authorization of its own).
    const attacker = new TestBrowser(service.url);
    const own = await authorizeLink();
    await attacker.visit(own.link);
    expect(attacker.cookieHeader()).toMatch(/^lr_sf_oauth=/);
    const foreign = await attacker.visit(callbackUrl);
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("This authorization was started in another browser");

    expect(salesforce.requestsTo(TOKEN).length).toBe(exchangesBefore);
    expect(await refreshTokenOf(destinationId)).toBeUndefined();
    expect(await refreshTokenOf(own.destinationId)).toBeUndefined();

    // The refused attempts did not burn the state: the browser that started it completes.
    const rightful = await victim.visit(callbackUrl);
    expect(rightful.status).toBe(200);
    expect(await refreshTokenOf(destinationId)).toBeTruthy();
  });

  it("refuses a state nobody issued", async () => {
    const browser = new TestBrowser(service.url);
    await browser.visit((await authorizeLink()).link);
    const page = await browser.visit(`${service.url}/oauth/salesforce/callback?code=aPrxforged&state=${"A".repeat(43)}`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain("This authorization is not valid or expired");
  });
});

describe("the fake Salesforce checks PKCE like the real one", () => {
  it("refuses a code exchange whose code_verifier does not match the challenge", async () => {
    const verifier = "v".repeat(64);
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const redirectUri = "https://app.example/cb";
    const codeFor = async () => {
      const url = authorizationUrl({
        loginUrl: salesforce.url,
        clientId: SALESFORCE_DEFAULT_CLIENT.clientId,
        redirectUri,
        state: "s",
        codeChallenge: challenge,
      });
      const location = new URL((await fetch(url, { redirect: "manual" })).headers.get("location")!);
      return location.searchParams.get("code")!;
    };
    const wrong = await fetch(`${salesforce.url}/services/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code: await codeFor(),
        client_id: SALESFORCE_DEFAULT_CLIENT.clientId,
        client_secret: SALESFORCE_DEFAULT_CLIENT.clientSecret,
        redirect_uri: redirectUri,
        code_verifier: "w".repeat(64),
      }).toString(),
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: "invalid_grant", error_description: "invalid code verifier" });

    const common = {
      loginUrl: salesforce.url,
      clientId: SALESFORCE_DEFAULT_CLIENT.clientId,
      clientSecret: SALESFORCE_DEFAULT_CLIENT.clientSecret,
      redirectUri,
      timeoutMs: 2_000,
    };
    expect(await exchangeAuthorizationCode({ ...common, code: await codeFor() })).toMatchObject({
      ok: false,
      error: { code: "invalid_grant" },
    });
    expect(await exchangeAuthorizationCode({ ...common, code: await codeFor(), codeVerifier: verifier })).toMatchObject({ ok: true });
  });
});
