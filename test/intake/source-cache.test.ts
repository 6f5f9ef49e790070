import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { SourceContextCache } from "../../core/intake/source-context.ts";
import { createLogger } from "../../core/logger.ts";
import { onboardInvitedBuyer } from "../../core/partners/onboard-invited-buyer.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { subscribeSourceContextChanges, type SourceContextSubscription } from "../../server/submit/source-context-channel.ts";
import { ApiClient } from "../support/api-client.ts";
import { TEST_KEY_PREFIX, TEST_REDIS_URL } from "../support/env.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";

// Two API replicas on one database and one Redis prefix, each with its own source cache. Their
// cache TTL is ten minutes: a change seen within a test's few seconds was pushed, not timed out.
const prefix = `${TEST_KEY_PREFIX}-srcctx-${randomBytes(4).toString("hex")}`;
const TEN_MINUTES = "600000";
let a: RunningService;
let b: RunningService;
let receiver: WebhookReceiver;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const config = () => testConfig({ RUN_WORKERS: "false", QUEUE_PREFIX: prefix, SOURCE_CACHE_TTL_MS: TEN_MINUTES });
  a = await startService(config(), createLogger("silent"));
  b = await startService(config(), createLogger("silent"));
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await receiver?.close();
});

interface Answer {
  status: number;
  outcome: string;
  reason?: string;
  leadId?: string;
}

async function post(
  service: RunningService,
  path: string,
  postingKey: string,
  fields: Record<string, string> = { email: `p${randomBytes(3).toString("hex")}@example.com` },
): Promise<Answer> {
  const res = await fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${postingKey}` },
    body: JSON.stringify(fields),
  });
  const body = (await res.json()) as { outcome: string; reason?: string; lead?: { id: string } };
  return { status: res.status, outcome: body.outcome, reason: body.reason, leadId: body.lead?.id };
}

const deliveriesOf = async (answer: Answer) => (answer.leadId ? a.prisma.delivery.count({ where: { leadId: answer.leadId } }) : -1);

/** Posts to both replicas, so each has the source cached before the change. */
async function warm(buyer: { submitPath: string; postingKey: string }) {
  for (const service of [a, b]) expect((await post(service, buyer.submitPath, buyer.postingKey)).outcome).toBe("success");
}

describe("a change made through one replica's API reaches intake on the other without waiting for the TTL", () => {
  let buyer: SeededBuyer;
  let api: ApiClient;

  beforeAll(async () => {
    buyer = await seedBuyer(a.prisma, secretBox, {
      destination: { integration: "webhook", name: "Hook", settings: { url: `${receiver.url}/hook` } },
    });
    api = new ApiClient(a.url, buyer.accountKey);
  });

  it("disabling the flow refuses the next lead on the same replica at once, and on the other as soon as the message arrives", async () => {
    await warm(buyer);
    expect((await api.patch(`/flows/${buyer.flowId}`, { enabled: false })).status).toBe(200);
    expect(await post(a, buyer.submitPath, buyer.postingKey)).toMatchObject({ outcome: "failure", reason: "Flow disabled" });
    await waitFor(
      "replica B refuses leads to the disabled flow",
      async () => (await post(b, buyer.submitPath, buyer.postingKey)).reason === "Flow disabled",
      5_000,
    );

    expect((await api.patch(`/flows/${buyer.flowId}`, { enabled: true })).status).toBe(200);
    expect((await post(a, buyer.submitPath, buyer.postingKey)).outcome).toBe("success");
    await waitFor(
      "replica B takes leads again",
      async () => (await post(b, buyer.submitPath, buyer.postingKey)).outcome === "success",
      5_000,
    );
  });

  it("a new rule applies on the other replica", async () => {
    await warm(buyer);
    const rules = [{ field: "state", operator: "is equal to", value: "TX" }];
    const patched = await api.patch(`/flows/${buyer.flowId}`, { rules });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await waitFor(
      "replica B applies the rule",
      async () => (await post(b, buyer.submitPath, buyer.postingKey, { email: "x@example.com", state: "CA" })).outcome === "failure",
      5_000,
    );
    expect((await post(b, buyer.submitPath, buyer.postingKey, { email: "y@example.com", state: "TX" })).outcome).toBe("success");
    expect((await api.patch(`/flows/${buyer.flowId}`, { rules: [] })).status).toBe(200);
  });

  it("a detached destination gets no more leads from the other replica; attached again, it does", async () => {
    await warm(buyer);
    expect((await api.delete(`/flows/${buyer.flowId}/steps/${buyer.destinationId!}`)).status).toBe(200);
    expect(await deliveriesOf(await post(a, buyer.submitPath, buyer.postingKey))).toBe(0);
    await waitFor(
      "replica B routes nowhere",
      async () => (await deliveriesOf(await post(b, buyer.submitPath, buyer.postingKey))) === 0,
      5_000,
    );

    expect((await api.request("PUT", `/flows/${buyer.flowId}/steps/${buyer.destinationId!}`)).status).toBe(200);
    expect(await deliveriesOf(await post(a, buyer.submitPath, buyer.postingKey))).toBe(1);
    await waitFor(
      "replica B routes to the destination again",
      async () => (await deliveriesOf(await post(b, buyer.submitPath, buyer.postingKey))) === 1,
      5_000,
    );
  });

  it("a destination created for the flow, then deleted, is followed by the other replica", async () => {
    const bare = await seedBuyer(a.prisma, secretBox);
    const bareApi = new ApiClient(a.url, bare.accountKey);
    await warm(bare);
    const created = await bareApi.post<{ id: string }>("/destinations", {
      integration: "webhook",
      name: "Late hook",
      settings: { url: `${receiver.url}/late` },
      flow_id: bare.flowId,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await waitFor(
      "replica B routes to the new destination",
      async () => (await deliveriesOf(await post(b, bare.submitPath, bare.postingKey))) === 1,
      5_000,
    );

    // No workers run here: settle the deliveries so the destination may be deleted.
    await a.prisma.delivery.updateMany({ where: { destinationId: created.body.id }, data: { status: "delivered" } });
    expect((await bareApi.delete(`/destinations/${created.body.id}`)).status).toBe(204);
    await waitFor(
      "replica B routes nowhere",
      async () => (await deliveriesOf(await post(b, bare.submitPath, bare.postingKey))) === 0,
      5_000,
    );
  });

  it("a paused connection refuses the seller's next lead on the other replica; a rotated posting key retires the old one there at once", async () => {
    const partner = await onboardInvitedBuyer(a.prisma, secretBox, {
      publicUrl: "http://localhost",
      seller: { name: "Cache Seller", adminEmail: `sam@seller-${randomBytes(3).toString("hex")}.example`, adminName: "Sam" },
      buyer: { email: `bea@buyer-${randomBytes(3).toString("hex")}.example`, name: "Bea", company: "Cache Buyer" },
    });
    const path = new URL(partner.submitUrl).pathname;
    const sellerApi = new ApiClient(a.url, partner.seller.accountApiKey);
    await warm({ submitPath: path, postingKey: partner.postingKey });

    expect((await sellerApi.post(`/connections/${partner.connection.id}/pause`)).status).toBe(200);
    expect((await post(a, path, partner.postingKey)).reason).toBe("Connection paused");
    await waitFor(
      "replica B refuses the paused connection's leads",
      async () => (await post(b, path, partner.postingKey)).reason === "Connection paused",
      5_000,
    );
    expect((await sellerApi.post(`/connections/${partner.connection.id}/resume`)).status).toBe(200);
    await waitFor("replica B takes its leads again", async () => (await post(b, path, partner.postingKey)).outcome === "success", 5_000);

    const issued = await sellerApi.post<{ posting_key: string }>(`/connections/${partner.connection.id}/posting-key`);
    expect(issued.status).toBe(200);
    expect((await post(a, path, partner.postingKey)).status).toBe(401);
    await waitFor("replica B refuses the old key", async () => (await post(b, path, partner.postingKey)).status === 401, 5_000);
    expect((await post(b, path, issued.body.posting_key)).outcome).toBe("success");

    expect((await sellerApi.post(`/connections/${partner.connection.id}/end`)).status).toBe(200);
    await waitFor(
      "replica B refuses the ended connection's leads",
      async () => (await post(b, path, issued.body.posting_key)).reason === "Connection ended",
      5_000,
    );
  });
});

describe("a lost pub/sub connection", () => {
  let cache: SourceContextCache;
  let subscription: SourceContextSubscription;
  let admin: Redis;
  const connectionName = `${prefix}:source-context:reconnect-test`;

  beforeAll(async () => {
    cache = new SourceContextCache(a.prisma, 600_000);
    subscription = subscribeSourceContextChanges(TEST_REDIS_URL, prefix, cache, createLogger("silent"), connectionName);
    await subscription.ready;
    admin = new Redis(TEST_REDIS_URL);
  });

  afterAll(() => {
    subscription?.close();
    admin?.disconnect();
  });

  it("clears the cache once resubscribed: a change whose message was missed is seen after the reconnect, and later messages arrive again", async () => {
    const buyer = await seedBuyer(a.prisma, secretBox);
    expect((await cache.get(buyer.flowId, buyer.sourceId))!.flowEnabled).toBe(true);
    // Written behind every cache's back, as if its message had been published while the subscriber was away.
    await a.prisma.flow.update({ where: { id: buyer.flowId }, data: { enabled: false } });
    expect((await cache.get(buyer.flowId, buyer.sourceId))!.flowEnabled).toBe(true);

    const clients = (await admin.client("LIST")) as string;
    const line = clients.split("\n").find((entry) => entry.includes(` name=${connectionName} `));
    expect(line, "the subscriber's connection is listed by name").toBeDefined();
    const id = /(?:^|\s)id=(\d+)/.exec(line!)![1]!;
    await admin.client("KILL", "ID", id);
    await waitFor(
      "the cache re-reads the flow after the reconnect",
      async () => (await cache.get(buyer.flowId, buyer.sourceId))!.flowEnabled === false,
      10_000,
    );

    // Subscribed again: a change through the API is pushed to this cache too.
    const api = new ApiClient(a.url, buyer.accountKey);
    expect((await api.patch(`/flows/${buyer.flowId}`, { enabled: true })).status).toBe(200);
    await waitFor("the pushed change reaches the cache", async () => (await cache.get(buyer.flowId, buyer.sourceId))!.flowEnabled, 5_000);
  });
});
