import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { seedAccount, type SeededAccount } from "../support/seed-account.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { slackSignature, TEST_SIGNING_SECRET } from "../support/slack-driver.ts";
import { TEST_ENCRYPTION_KEY, TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { framingCases, intakeCases, managementCases, queryCases, slackCases, type HttpCase } from "./cases.ts";
import { openApiOperations, type Operation } from "./openapi-operations.ts";
import { rawExchange } from "./raw-http.ts";

/**
 * Issue 9, "Done when": a generated corpus of malformed, hostile and merely odd requests —
 * every POST/PATCH/PUT of /openapi.json, the intake in every body type, raw HTTP framing and
 * the signed Slack endpoint — over real sockets to one running service (workers on). None may
 * be answered 5xx or hang; afterwards a good lead is still delivered.
 */
let slack: FakeSlack;
let receiver: WebhookReceiver;
let service: RunningService;
let account: SeededAccount;
let seller: SeededBuyer;
let operations: Operation[];
const ids = { destination: "", flow: "" };

beforeAll(async () => {
  slack = await startFakeSlack({ users: [] });
  receiver = await startWebhookReceiver();
  service = await startService(
    testConfig({
      SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: `${slack.url}/api/`,
      IDENTITY_API_KEY: TEST_IDENTITY_API_KEY,
      HTTP_HEADERS_TIMEOUT_MS: "3000",
      HTTP_REQUEST_TIMEOUT_MS: "5000",
    }),
    createLogger("silent"),
  );
  account = await seedAccount(service.prisma, { plan: "paid" });
  seller = await seedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY), {
    destination: { integration: "webhook", name: "Corpus hook", settings: { url: `${receiver.url}/corpus-intake` } },
  });
  const headers = { authorization: `Bearer ${account.accountKey}`, "content-type": "application/json" };
  const flow = await fetch(`${service.url}/flows`, { method: "POST", headers, body: JSON.stringify({ name: "Corpus flow" }) });
  ids.flow = ((await flow.json()) as { id: string }).id;
  const destination = await fetch(`${service.url}/destinations`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      integration: "webhook",
      name: "Corpus destination",
      settings: { url: `${receiver.url}/corpus-test` },
      flow_id: ids.flow,
    }),
  });
  expect(destination.status).toBe(201);
  ids.destination = ((await destination.json()) as { id: string }).id;
  operations = await openApiOperations(service.url);
}, 60_000);

afterAll(async () => {
  await service?.close();
  await receiver?.close();
  await slack?.close();
});

function pathFor(operation: Operation): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (operation.path.startsWith("/destinations/")) return ids.destination;
    if (operation.path.startsWith("/flows/") && name === "id") return ids.flow;
    if (name === "destinationId") return ids.destination;
    return randomUUID();
  });
}

function authFor(operation: Operation): Record<string, string> {
  return { authorization: `Bearer ${operation.security.includes("identityKey") ? TEST_IDENTITY_API_KEY : account.accountKey}` };
}

/** How many cases got each status: shows the corpus reaches past authentication. */
const statuses = new Map<number, number>();

/** Sends one case; a description of what was wrong, or null. */
async function send(c: HttpCase): Promise<string | null> {
  try {
    const res = await fetch(`${service.url}${c.path}`, {
      method: c.method,
      headers: c.headers,
      body: c.body,
      signal: AbortSignal.timeout(c.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return res.status >= 500 ? `${res.status} ${text.slice(0, 160)}` : null;
  } catch (error) {
    return `no answer: ${(error as Error).message}`;
  }
}

/** Runs cases; returns the wrong answers (a 5xx or no answer), one line each. */
async function runCases(cases: HttpCase[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const c of cases) {
    const problem = await send(c);
    if (problem) wrong.push(`${c.name}: ${problem}`);
  }
  return wrong;
}

describe("the hostile corpus", () => {
  it("every POST/PATCH/PUT of /openapi.json: no 5xx, no hang", async () => {
    const cases = managementCases(operations, pathFor, authFor);
    expect(cases.length).toBeGreaterThan(500);
    expect(await runCases(cases)).toEqual([]);
  }, 600_000);

  it("every GET of /openapi.json with hostile query values: no 5xx, no hang", async () => {
    expect(await runCases(queryCases(operations, pathFor, authFor))).toEqual([]);
  }, 300_000);

  it("the intake in every body type: no 5xx, no hang", async () => {
    expect(await runCases(intakeCases(seller.submitPath, seller.postingKey))).toEqual([]);
  }, 300_000);

  it("raw HTTP framing: a 4xx (or a closed connection), never a 5xx, never a hang", async () => {
    const wrong: string[] = [];
    for (const c of framingCases(seller.submitPath)) {
      const result = await rawExchange(service.url, c.bytes, 8_000);
      const statuses = [...result.response.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
      if (statuses.some((s) => s >= 500)) wrong.push(`${c.name}: ${statuses.join(",")}`);
      if (!result.closedByServer && !statuses.length) wrong.push(`${c.name}: no answer within 8 s`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it("the signed Slack endpoint with garbage bodies: no 5xx, no hang", async () => {
    const wrong: string[] = [];
    for (const c of slackCases()) {
      const timestamp = Math.floor(Date.now() / 1000);
      const problem = await send({
        name: c.name,
        method: "POST",
        path: "/slack/events",
        headers: {
          "content-type": c.contentType,
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(c.body, timestamp),
        },
        body: c.body,
      });
      if (problem) wrong.push(`${c.name}: ${problem}`);
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it("afterwards, a good lead is accepted and delivered", async () => {
    const res = await fetch(`${service.url}${seller.submitPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${seller.postingKey}` },
      body: JSON.stringify({ email: "after.the.corpus@example.com", first_name: "Good" }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { outcome: string; lead: { id: string } };
    expect(body.outcome).toBe("success");
    await waitFor(
      "the good lead at the webhook",
      () => receiver.requestsTo("POST /corpus-intake").some((r) => JSON.stringify(r.body).includes("after.the.corpus@example.com")),
      20_000,
    );
    // The webhook has it; the attempt is recorded right after its answer (group-committed).
    await waitFor(
      "the good lead recorded as delivered",
      async () => (await service.prisma.lead.findUniqueOrThrow({ where: { id: body.lead.id } })).status === "delivered",
    );
    const health = await fetch(`${service.url}/health`);
    expect(await health.json()).toMatchObject({ status: "ok" });
    console.info(`corpus answers by status: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }, 60_000);
});
