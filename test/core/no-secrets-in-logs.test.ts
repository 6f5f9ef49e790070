import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { seedBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { captureLog } from "../support/log-capture.ts";

/** Every log line the service writes at the chattiest level, kept to be searched. */
const { lines, sink } = captureLog();

let service: RunningService;
let hubspot: FakeHubSpot;

beforeAll(async () => {
  hubspot = await startFakeHubSpot();
  service = await startService(testConfig({ HUBSPOT_API_URL: hubspot.url, LOG_LEVEL: "trace" }), createLogger("trace", sink));
});

afterAll(async () => {
  await service?.close();
  await hubspot?.close();
});

describe("logs", () => {
  it("never hold a credential, a posting key or an account key, even at trace level and on failures", async () => {
    const buyer = await seedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY));
    const auth = { authorization: `Bearer ${buyer.accountKey}`, "content-type": "application/json" };
    const badToken = "pat-na1-not-a-real-token-0000000000";
    const refused = await fetch(`${service.url}/destinations`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ integration: "hubspot", name: "H", credentials: { accessToken: badToken } }),
    });
    expect(refused.status).toBe(422);
    const created = await fetch(`${service.url}/destinations`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ integration: "hubspot", name: "H", credentials: { accessToken: HUBSPOT_DEFAULT_TOKEN } }),
    });
    expect(created.status).toBe(201);

    hubspot.failNext("POST /crm/v3/objects/contacts/batch/upsert", { status: 502, body: "Bad gateway" });
    const posted = await fetch(`${service.url}${buyer.submitPath}?apisecret=${buyer.postingKey}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "logs@example.com" }),
    });
    const leadId = ((await posted.json()) as { lead: { id: string } }).lead.id;
    await waitFor(
      "the lead delivered after a retry",
      async () => (await service.prisma.lead.findUnique({ where: { id: leadId } }))?.status === "delivered",
      15_000,
    );
    await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer lr_post_wrong-key-in-a-log" },
      body: "{}",
    });
    await fetch(`${service.url}/events`, { headers: { authorization: "Bearer lr_acct_wrong-key-in-a-log" } });

    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join("");
    for (const secret of [
      badToken,
      HUBSPOT_DEFAULT_TOKEN,
      buyer.postingKey,
      buyer.accountKey,
      "lr_post_wrong-key-in-a-log",
      "lr_acct_wrong-key-in-a-log",
      TEST_ENCRYPTION_KEY.split(":")[1]!,
    ]) {
      expect(log, `a log line holds ${secret.slice(0, 12)}…`).not.toContain(secret);
    }
  });
});
