import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { onboardInvitedBuyer } from "../../core/partners/onboard-invited-buyer.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack } from "../fakes/slack.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { SlackDriver, TEST_SIGNING_SECRET, uniqueSlackUserId } from "../support/slack-driver.ts";
import { TEST_ENCRYPTION_KEY, TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";

/**
 * Failed authentications and invitations are limited in Redis (README "Rate limits"). Linux
 * routes all of 127.0.0.0/8 to the loopback interface, so each client below binds its own
 * source address to stand for a different machine.
 */
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
const config = testConfig({ RUN_WORKERS: "false", IDENTITY_API_KEY: TEST_IDENTITY_API_KEY });
let service: RunningService;
let buyer: SeededBuyer;
let other: SeededBuyer;
const agents: Agent[] = [];

beforeAll(async () => {
  service = await startService(config, createLogger("silent"));
  buyer = await seedBuyer(service.prisma, secretBox);
  other = await seedBuyer(service.prisma, secretBox);
});

afterAll(async () => {
  await service?.close();
  await Promise.all(agents.map((agent) => agent.close()));
});

/** An HTTP client whose requests come from `address` (a 127/8 address). */
function clientFrom(address: string) {
  const agent = new Agent({ localAddress: address });
  agents.push(agent);
  return async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    const res = await undiciFetch(url, { ...init, dispatcher: agent });
    const text = await res.text();
    return {
      status: res.status,
      retryAfter: res.headers.get("retry-after"),
      body: (text ? JSON.parse(text) : null) as Record<string, unknown>,
    };
  };
}

function postLead(client: ReturnType<typeof clientFrom>, target: SeededBuyer, key: string, base = service.url) {
  return client(`${base}${target.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ email: "rate@example.com", is_test: true }),
  });
}

async function times<T>(n: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await call(i));
  return out;
}

describe("failed posting keys", () => {
  it("answers 429 with Retry-After after 20 wrong keys from one address; the correct key still gets 201", async () => {
    const attacker = clientFrom("127.0.0.2");
    const answers = await times(30, () => postLead(attacker, buyer, "lr_src_wrong-key-guess"));
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
    for (const answer of answers.slice(20)) {
      expect(answer.status).toBe(429);
      expect(answer.body).toEqual({ outcome: "error", reason: "Too many failed attempts, retry later", price: 0 });
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    }
    // The seller's correct key, from the throttled address, is neither slowed nor refused.
    const correct = await postLead(attacker, buyer, buyer.postingKey);
    expect(correct.status).toBe(201);
    expect(correct.body).toMatchObject({ outcome: "success" });
  });

  it("limits per source as well as per address: other addresses are refused on that source, not on others", async () => {
    const elsewhere = clientFrom("127.0.0.3");
    // The first test used up the source's 20 failures: a wrong key from a fresh address is refused too.
    expect((await postLead(elsewhere, buyer, "lr_src_another-guess")).status).toBe(429);
    // The same fresh address is not limited on another source.
    expect((await postLead(elsewhere, other, "lr_src_another-guess")).status).toBe(401);
    expect((await postLead(elsewhere, buyer, buyer.postingKey)).status).toBe(201);
  });

  it("answers in XML when the seller asks for XML", async () => {
    const agent = new Agent({ localAddress: "127.0.0.2" });
    agents.push(agent);
    const raw = await undiciFetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/xml", authorization: "Bearer lr_src_nope" },
      body: "{}",
      dispatcher: agent,
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await raw.text()).toContain("<outcome>error</outcome><reason>Too many failed attempts, retry later</reason>");
  });
});

describe("failed account keys", () => {
  it("answers 429 with Retry-After after 20 wrong account keys from one address, per address; a correct key still works", async () => {
    const attacker = clientFrom("127.0.0.4");
    const answers = await times(30, () => attacker(`${service.url}/events`, { headers: { authorization: "Bearer lr_acct_wrong-guess" } }));
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
    for (const answer of answers.slice(20)) {
      expect(answer.status).toBe(429);
      expect(answer.body).toEqual({ error: { code: "rate_limited", message: "Too many failed attempts, retry later" } });
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    }
    expect((await attacker(`${service.url}/events`, { headers: { authorization: `Bearer ${buyer.accountKey}` } })).status).toBe(200);
    // Another address is not limited by this one's failures.
    const neighbour = clientFrom("127.0.0.5");
    expect((await neighbour(`${service.url}/events`, { headers: { authorization: "Bearer lr_acct_wrong-guess" } })).status).toBe(401);
  });

  it("is one limit across processes: two services on the same Redis share the count", async () => {
    const second = await startService(config, createLogger("silent"));
    try {
      const attacker = clientFrom("127.0.0.6");
      const wrong = (base: string) => attacker(`${base}/events`, { headers: { authorization: "Bearer lr_acct_wrong-guess" } });
      const first10 = await times(10, () => wrong(service.url));
      const next10 = await times(10, () => wrong(second.url));
      expect([...first10, ...next10].map((a) => a.status)).toEqual(Array(20).fill(401));
      expect((await wrong(second.url)).status).toBe(429);
      expect((await wrong(service.url)).status).toBe(429);
    } finally {
      await second.close();
    }
  });
});

describe("X-Forwarded-For", () => {
  const wrongKeyVia = (client: ReturnType<typeof clientFrom>, base: string, forwardedFor: string) =>
    client(`${base}/events`, { headers: { authorization: "Bearer lr_acct_wrong-guess", "x-forwarded-for": forwardedFor } });

  it("is ignored by default: an attacker cannot escape the limit by inventing addresses", async () => {
    const attacker = clientFrom("127.0.0.10");
    const answers = await times(21, (i) => wrongKeyVia(attacker, service.url, `203.0.113.${i}`));
    expect(answers.at(-1)!.status).toBe(429);
    expect(new Set(answers.slice(0, 20).map((a) => a.status))).toEqual(new Set([401]));
  });

  it("with TRUST_PROXY=true, counts the address the proxy appended (the last entry)", async () => {
    const behindProxy = await startService({ ...config, TRUST_PROXY: true }, createLogger("silent"));
    try {
      const proxy = clientFrom("127.0.0.11");
      // The client's own claim (first entry) varies; the proxy's entry (last) is the real client.
      const answers = await times(21, () =>
        wrongKeyVia(proxy, behindProxy.url, `198.51.100.${Math.floor(Math.random() * 250)}, 192.0.2.7`),
      );
      expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
      expect(answers[20]!.status).toBe(429);
      // Another client behind the same proxy is not limited by 192.0.2.7's failures.
      expect((await wrongKeyVia(proxy, behindProxy.url, "192.0.2.8")).status).toBe(401);
    } finally {
      await behindProxy.close();
    }
  });
});

describe("failed identity provider keys", () => {
  it("answers 429 after 20 wrong identity keys from one address; the right key still gets through", async () => {
    const attacker = clientFrom("127.0.0.9");
    const accept = (key: string) =>
      attacker(`${service.url}/invitations/lr_inv_doesnotexist0000000000000000/accept`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ email: "ivy@example.com", name: "Ivy" }),
      });
    const answers = await times(21, () => accept("not-the-identity-provider-key-000"));
    expect(answers.slice(0, 20).map((a) => a.status)).toEqual(Array(20).fill(401));
    expect(answers[20]).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
    expect(Number(answers[20]!.retryAfter)).toBeGreaterThanOrEqual(1);
    // The correct key passes the guard (the invented invitation is then simply unknown).
    expect([401, 429]).not.toContain((await accept(TEST_IDENTITY_API_KEY)).status);
  });
});

describe("invitations", () => {
  it("answers the 101st invitation of an account within an hour with 429 and Retry-After", async () => {
    const seller = await seedAccount(service.prisma, { plan: "paid" });
    const client = clientFrom("127.0.0.7");
    const invite = () =>
      client(`${service.url}/invitations`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${seller.accountKey}` },
        body: JSON.stringify({ email: `buyer@${uniqueDomain("ratelimit")}` }),
      });
    const sent = await times(100, () => invite());
    expect(sent.filter((r) => r.status === 201)).toHaveLength(100);
    const refused = await invite();
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error: { code: "rate_limited", message: expect.stringMatching(/100 invitations within the hour/) as string },
    });
    expect(Number(refused.retryAfter)).toBeGreaterThan(3_000);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(3_600);
    // Another account is not limited by this one.
    const otherSeller = await seedAccount(service.prisma, { plan: "paid" });
    const theirs = await client(`${service.url}/invitations`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${otherSeller.accountKey}` },
      body: JSON.stringify({ email: `buyer@${uniqueDomain("ratelimit")}` }),
    });
    expect(theirs.status).toBe(201);
  });
});

describe("Redis unreachable", () => {
  it("fails open: wrong keys get 401 at once and correct keys work", async () => {
    const offline = await startService({ ...config, REDIS_URL: "redis://127.0.0.1:1", PORT: 0 }, createLogger("silent"));
    try {
      const client = clientFrom("127.0.0.8");
      const started = Date.now();
      const answers = await times(25, () => client(`${offline.url}/events`, { headers: { authorization: "Bearer lr_acct_wrong-guess" } }));
      expect(answers.map((a) => a.status)).toEqual(Array(25).fill(401));
      expect((await client(`${offline.url}/events`, { headers: { authorization: `Bearer ${buyer.accountKey}` } })).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await offline.close();
    }
  });
});

describe("invitations from Slack", () => {
  it("/leadrelay invite shares the account's limit with the API and says when to try again", async () => {
    const sellerDomain = uniqueDomain("slackseller");
    const SELLER = { id: uniqueSlackUserId("RATE"), email: `sam@${sellerDomain}`, realName: "Sam Seller" };
    const slack = await startFakeSlack({ users: [SELLER] });
    const withBot = await startService(
      testConfig({
        RUN_WORKERS: "false",
        SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN,
        SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
        SLACK_API_URL: `${slack.url}/api/`,
        RATE_LIMIT_INVITATIONS_PER_HOUR: "3",
      }),
      createLogger("silent"),
    );
    try {
      const partner = await onboardInvitedBuyer(withBot.prisma, secretBox, {
        publicUrl: "http://localhost",
        seller: { name: "Rate Seller", adminEmail: SELLER.email, adminName: SELLER.realName },
        buyer: { email: `bo@${uniqueDomain("ratebuyer")}`, name: "Bo Buyer" },
      });
      const driver = new SlackDriver(withBot.url, slack);
      for (let i = 0; i < 2; i++) {
        const sent = await driver.command(SELLER.id, `invite buyer${i}@${uniqueDomain("slackinvitee")}`);
        expect(sent.json).toMatchObject({ text: expect.stringMatching(/^Invited /) as string });
      }
      const api = await fetch(`${withBot.url}/invitations`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${partner.seller.accountApiKey}` },
        body: JSON.stringify({ email: `third@${uniqueDomain("slackinvitee")}` }),
      });
      expect(api.status).toBe(201);
      const refused = await driver.command(SELLER.id, `invite fourth@${uniqueDomain("slackinvitee")}`);
      expect(refused.json).toMatchObject({
        response_type: "ephemeral",
        text: expect.stringMatching(
          /^:hourglass: Not sent: Your account sent 3 invitations within the hour, the limit: try again in \d+ minutes?\.$/,
        ) as string,
      });
      expect(await withBot.prisma.invitation.count({ where: { sellerAccountId: partner.seller.accountId } })).toBe(4); // the onboarding's + 3
    } finally {
      await withBot.close();
      await slack.close();
    }
  });
});
