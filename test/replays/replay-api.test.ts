import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { claimStaleDeliveries } from "../../core/deliveries/claim-stale-deliveries.ts";
import { createLogger } from "../../core/logger.ts";
import { DELIVERY_QUEUE, INTERACTIVE_DELIVERY_QUEUE } from "../../jobs/delivery-queue.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import { expectStatus, typedApi, type TypedApi } from "../support/typed-api.ts";
import { deleteAccounts } from "../support/delete-accounts.ts";
import { TEST_REDIS_URL } from "../support/env.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";

/**
 * POST /destinations/{id}/replay against the running service: a webhook endpoint that refuses
 * (400, a final failure) and is then fixed; leads accepted before a destination was attached.
 */
const RATE = 10;
const config = testConfig({ REPLAY_RATE_PER_SECOND: String(RATE) });
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

let service: RunningService;
let receiver: WebhookReceiver;
let broken = false;
/** The body of every request the endpoint accepted (2xx), duplicates included. */
const acceptedBodies: string[] = [];
const accounts: string[] = [];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  receiver.reply = (request) => {
    if (broken) return { status: 400, body: { error: "bad" } };
    acceptedBodies.push(request.rawBody);
    return { status: 200, body: { ok: true } };
  };
  service = await startService(config, createLogger("silent"));
});

afterAll(async () => {
  await deleteAccounts(service?.prisma, accounts);
  await service?.close();
  await receiver?.close();
});

async function buyerWithWebhook(): Promise<SeededBuyer & { destinationId: string; api: ApiClient; typed: TypedApi }> {
  const buyer = await seedBuyer(service.prisma, secretBox, {
    destination: { integration: "webhook", name: "Buyer hook", settings: { url: `${receiver.url}/leads`, format: "json", headers: {} } },
  });
  accounts.push(buyer.accountId);
  return {
    ...buyer,
    destinationId: buyer.destinationId!,
    // Bodies the replay schema refuses on purpose go through the untyped client.
    api: new ApiClient(service.url, buyer.accountKey),
    typed: typedApi(service.url, buyer.accountKey),
  };
}

async function submit(buyer: SeededBuyer, email: string, extra: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${service.url}${buyer.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
    body: JSON.stringify({ first_name: "Ada", email, ...extra }),
  });
  const body = (await res.json()) as { outcome: string; lead: { id: string } };
  expect(body.outcome).toBe("success");
  return body.lead.id;
}

/** How many times the endpoint accepted (2xx) a lead with this email: a lead sent twice counts 2. */
function received(email: string): number {
  return acceptedBodies.filter((body) => body.includes(`"${email}"`)).length;
}

async function leadStatus(leadId: string) {
  return (await service.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).status;
}

/** Asks for a replay of this buyer's destination (or another one's id) with a body the schema accepts. */
function replay(
  buyer: { typed: TypedApi; destinationId: string },
  json: { leads: "failed" | "undelivered"; since: string; until: string } | { lead_ids: string[] },
  destinationId = buyer.destinationId,
) {
  return buyer.typed.destinations[":id"].replay.$post({ param: { id: destinationId }, json });
}

function window(minutes = 10) {
  return { since: new Date(Date.now() - minutes * 60_000).toISOString(), until: new Date(Date.now() + 60_000).toISOString() };
}

describe("POST /destinations/{id}/replay", () => {
  it("resends failed leads once the destination is fixed, records replay:true, and never resends a delivered lead", async () => {
    const buyer = await buyerWithWebhook();
    const delivered = await submit(buyer, "kept@example.com");
    await waitFor("the first lead to be delivered", async () => (await leadStatus(delivered)) === "delivered");

    broken = true;
    const failed = [await submit(buyer, "f1@example.com"), await submit(buyer, "f2@example.com")];
    await waitFor("both to fail for good", async () => (await Promise.all(failed.map(leadStatus))).every((s) => s === "failed"));
    broken = false;

    expect(await expectStatus(replay(buyer, { leads: "failed", ...window() }), 202)).toEqual({ replayed: 2 });
    await waitFor("the replayed leads to be delivered", async () =>
      (await Promise.all(failed.map(leadStatus))).every((s) => s === "delivered"),
    );
    expect(received("f1@example.com")).toBe(1);
    expect(received("f2@example.com")).toBe(1);
    expect(received("kept@example.com")).toBe(1);

    // The lead's events: the failed first series, then a replayed series marked replay:true.
    const lead = await expectStatus(buyer.typed.leads[":id"].$get({ param: { id: failed[0]! } }), 200);
    const recipient = lead.events.filter((e) => e.type === "recipient");
    expect(recipient.map((e) => [e.outcome, e.replay])).toEqual([
      ["failure", false],
      ["success", true],
    ]);
    expect(recipient[1]).toMatchObject({ attempt: 1, snapshot: { replay: true } });
    expect(lead.events.filter((e) => e.type === "delivery").map((e) => [e.outcome, e.replay])).toEqual([
      ["failure", false],
      ["success", true],
    ]);

    // Asking again: nothing failed any more, nothing is sent.
    expect(await expectStatus(replay(buyer, { leads: "failed", ...window() }), 202)).toEqual({ replayed: 0 });
    expect(await expectStatus(replay(buyer, { lead_ids: [delivered, ...failed] }), 202)).toEqual({ replayed: 0 });
    expect(received("kept@example.com")).toBe(1);
  }, 30_000);

  it("sends each lead once when the same replay is asked for several times at once", async () => {
    const buyer = await buyerWithWebhook();
    broken = true;
    const emails = Array.from({ length: 6 }, (_, i) => `c${i}@example.com`);
    const leads: string[] = [];
    for (const email of emails) leads.push(await submit(buyer, email));
    await waitFor("all to fail", async () => (await Promise.all(leads.map(leadStatus))).every((s) => s === "failed"));
    broken = false;

    const answers = await Promise.all(
      [
        replay(buyer, { leads: "failed", ...window() }),
        replay(buyer, { leads: "failed", ...window() }),
        replay(buyer, { lead_ids: leads }),
        replay(buyer, { leads: "failed", ...window() }),
      ].map((answer) => expectStatus(answer, 202)),
    );
    expect(answers.reduce((sum, a) => sum + a.replayed, 0)).toBe(6);
    await waitFor("every lead delivered", async () => (await Promise.all(leads.map(leadStatus))).every((s) => s === "delivered"));
    // Pressing again while nothing is failed any more, after they were sent: still once each.
    expect(await expectStatus(replay(buyer, { leads: "failed", ...window() }), 202)).toEqual({ replayed: 0 });
    for (const email of emails) expect(received(email)).toBe(1);
    const series = await service.prisma.event.count({ where: { leadId: { in: leads }, type: "recipient", outcome: "success" } });
    expect(series).toBe(6);
  }, 30_000);

  it("delivers the leads a flow accepted before the destination was attached (and not its rejected ones)", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox, { fields: [{ name: "email", required: true }] });
    accounts.push(buyer.accountId);
    const api = new ApiClient(service.url, buyer.accountKey);
    const early = [await submit(buyer, "early1@example.com"), await submit(buyer, "early2@example.com")];
    const rejected = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
      body: JSON.stringify({ first_name: "No email" }),
    });
    expect(((await rejected.json()) as { outcome: string }).outcome).toBe("failure");
    const test = await submit(buyer, "early-test@example.com", { is_test: "true" });
    expect(await service.prisma.delivery.count({ where: { leadId: { in: early } } })).toBe(0);

    const destinationId = await addWebhookDestination(service.prisma, buyer.accountId, buyer.flowId, `${receiver.url}/late`);
    const res = await api.post(`/destinations/${destinationId}/replay`, { leads: "undelivered", ...window() });
    expect(res).toMatchObject({ status: 202, body: { replayed: 2 } });
    await waitFor("the early leads to be delivered", async () =>
      (await Promise.all(early.map(leadStatus))).every((s) => s === "delivered"),
    );
    expect(receiver.requestsTo("/late").length).toBe(2);
    // A test lead is not part of a window replay (its Retry is in Slack); by id it is.
    expect(await service.prisma.delivery.count({ where: { leadId: test } })).toBe(0);
    expect((await api.post(`/destinations/${destinationId}/replay`, { leads: "undelivered", ...window() })).body).toEqual({ replayed: 0 });
    expect((await api.post(`/destinations/${destinationId}/replay`, { lead_ids: [test] })).body).toEqual({ replayed: 1 });
    await waitFor("the test lead to be delivered by id", async () => (await leadStatus(test)) === "delivered");
    expect(receiver.requestsTo("/late").length).toBe(3);
  }, 30_000);

  it("ignores another account's lead ids without telling them apart, and refuses another account's destination", async () => {
    const mine = await buyerWithWebhook();
    const theirs = await buyerWithWebhook();
    broken = true;
    const theirLead = await submit(theirs, "theirs@example.com");
    await waitFor("their lead to fail", async () => (await leadStatus(theirLead)) === "failed");
    broken = false;
    const myDelivered = await submit(mine, "mine@example.com");
    await waitFor("my lead to be delivered", async () => (await leadStatus(myDelivered)) === "delivered");

    for (const leadIds of [[theirLead], ["0190aaaa-0000-7000-8000-000000000000"], [myDelivered]])
      expect(await expectStatus(replay(mine, { lead_ids: leadIds }), 202), JSON.stringify(leadIds)).toEqual({ replayed: 0 });
    const otherDestination = await expectStatus(replay(mine, { lead_ids: [theirLead] }, theirs.destinationId), 404);
    expect(otherDestination).toMatchObject({ error: { code: "not_found" } });
    expect(await leadStatus(theirLead)).toBe("failed");
    expect(received("theirs@example.com")).toBe(0);
  }, 30_000);

  it("answers bad bodies with 400 or 422 and a reason that names the problem", async () => {
    const buyer = await buyerWithWebhook();
    const path = `/destinations/${buyer.destinationId}/replay`;
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const until = new Date().toISOString();
    const cases: [unknown, number, string, string][] = [
      [{}, 400, "leads", "Required: `failed` or `undelivered`"],
      [{ leads: "failed" }, 400, "since", "Required with `leads`"],
      [{ leads: "failed", since }, 400, "until", "Required with `leads`"],
      [{ leads: "everything", since, until }, 400, "leads", ""],
      [{ leads: "failed", since: "yesterday", until }, 400, "since", ""],
      [{ leads: "failed", since, until, lead_ids: ["0190aaaa-0000-7000-8000-000000000000"] }, 400, "lead_ids", "not both"],
      [{ lead_ids: [] }, 400, "lead_ids", ""],
      [{ lead_ids: ["not-an-id"] }, 400, "lead_ids.0", ""],
      [{ lead_ids: Array.from({ length: 1_001 }, () => "0190aaaa-0000-7000-8000-000000000000") }, 400, "lead_ids", ""],
      [{ leads: "failed", since, until, extra: 1 }, 400, "", ""],
    ];
    for (const [body, status, detailPath, message] of cases) {
      const res = await buyer.api.post<{ error: { code: string; details: { path: string; message: string }[] } }>(path, body);
      expect({ body, status: res.status, code: res.body.error.code }).toEqual({ body, status, code: "invalid_request" });
      const detail = res.body.error.details.find((d) => d.path === detailPath);
      expect(detail, JSON.stringify(res.body)).toBeTruthy();
      expect(detail!.message).toContain(message);
    }
    const backwards = await expectStatus(replay(buyer, { leads: "failed", since: until, until: since }), 422);
    expect(backwards).toMatchObject({ error: { code: "invalid_replay_window", message: "`since` must be before `until`" } });
    const long = await expectStatus(
      replay(buyer, { leads: "undelivered", since: "2026-01-01T00:00:00Z", until: "2026-03-01T00:00:00Z" }),
      422,
    );
    expect(long.error.code).toBe("invalid_replay_window");
    expect(long.error.message).toContain("at most 31 days");
    const notJson = await fetch(`${service.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${buyer.accountKey}`, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    expect((await new ApiClient(service.url).post(path, { lead_ids: [] })).status).toBe(401);
  });

  it("streams a large replay through the bulk lane at the configured rate: a test lead sent meanwhile is delivered first", async () => {
    const buyer = await buyerWithWebhook();
    broken = true;
    const count = 4 * RATE;
    const leads: string[] = [];
    for (let i = 0; i < count; i++) leads.push(await submit(buyer, `bulk${i}@example.com`));
    await waitFor(
      "the backlog to fail",
      async () => (await service.prisma.lead.count({ where: { id: { in: leads }, status: "failed" } })) === count,
      30_000,
    );
    broken = false;

    expect(await expectStatus(replay(buyer, { leads: "failed", ...window() }), 202)).toEqual({ replayed: count });
    // Scheduled, not all queued at once: each delivery has its turn, RATE a second.
    const scheduled = await service.prisma.delivery.findMany({ where: { leadId: { in: leads } }, select: { nextAttemptAt: true } });
    const times = scheduled
      .map((d) => d.nextAttemptAt?.getTime())
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    if (times.length > 1) expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(((times.length - 1) * 1_000) / RATE - 1);
    // The sweeper (here with no grace at all) leaves a replayed delivery alone until its turn.
    const swept = await claimStaleDeliveries(service.prisma, { pendingGraceMs: 0, otherGraceMs: 3_600_000, limit: 1_000 });
    const notYetDue = await service.prisma.delivery.findMany({
      where: { leadId: { in: leads }, nextAttemptAt: { gt: new Date(Date.now() + 1_000) } },
      select: { id: true },
    });
    expect(notYetDue.length).toBeGreaterThan(0);
    expect(swept.map((d) => d.id)).not.toEqual(expect.arrayContaining([notYetDue[0]!.id]));

    const test = await expectStatus(
      buyer.typed.destinations[":id"].test.$post({ param: { id: buyer.destinationId }, json: { fields: { email: "probe@example.com" } } }),
      200,
    );
    expect(test.event).toMatchObject({ outcome: "success", is_test: true });
    // When the test lead's result was in, the replay was still under way (most of it not even handed to a lane).
    const stillWaiting = await service.prisma.delivery.count({ where: { leadId: { in: leads }, status: "pending" } });
    expect(stillWaiting).toBeGreaterThan(0);
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const bulk = new Queue(DELIVERY_QUEUE, { connection: redis, prefix: config.QUEUE_PREFIX });
    const interactive = new Queue(INTERACTIVE_DELIVERY_QUEUE, { connection: redis, prefix: config.QUEUE_PREFIX });
    try {
      const testDelivery = await service.prisma.delivery.findFirstOrThrow({ where: { lead: { flowId: buyer.flowId, isTest: true } } });
      expect(await interactive.getJob(testDelivery.id)).toBeTruthy();
      await waitFor(
        "the whole replay to be delivered",
        async () => (await service.prisma.lead.count({ where: { id: { in: leads }, status: "delivered" } })) === count,
        30_000,
      );
      const replayed = await service.prisma.delivery.findMany({ where: { leadId: { in: leads } }, select: { id: true } });
      // Every replayed delivery ran in the bulk lane, none in the interactive one.
      for (const { id } of replayed.slice(0, 5)) {
        expect(await bulk.getJob(id)).toBeTruthy();
        expect(await interactive.getJob(id)).toBeFalsy();
      }
    } finally {
      await bulk.close();
      await interactive.close();
      redis.disconnect();
    }
  }, 60_000);
});
