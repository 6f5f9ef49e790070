import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createSqlPool } from "../../core/db/sql-pool.ts";
import { sendTestLead } from "../../core/destinations/send-test-lead.ts";
import { LeadBatchWriter } from "../../core/intake/lead-batch-writer.ts";
import { createLogger } from "../../core/logger.ts";
import {
  BullDeliveryDispatcher,
  createDeliveryQueues,
  closeDeliveryQueues,
  DELIVERY_QUEUE,
  INTERACTIVE_DELIVERY_QUEUE,
} from "../../jobs/delivery-queue.ts";
import { DeliverySweeper } from "../../jobs/delivery-sweeper.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { FakeHttpServer, type RecordedRequest } from "../fakes/fake-http-server.ts";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../support/env.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { postLead } from "../support/leads.ts";

/**
 * A buyer's endpoint under a live backlog: bulk concurrency 1 and a receiver that holds every
 * live lead until released, so the whole backlog stays queued. A test lead (API or `is_test`
 * post) must reach the endpoint while it is still queued; live leads then arrive in order.
 */
const BACKLOG = 20;
const config = testConfig({ DELIVERY_CONCURRENCY: "1", INTERACTIVE_DELIVERY_CONCURRENCY: "2", DELIVERY_TIMEOUT_MS: "60000" });
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

let release!: () => void;
const gate = new Promise<void>((resolve) => (release = resolve));
/** Live leads' emails in the order the endpoint received them; and, per test lead, how many live leads it had received by then. */
const liveArrivals: string[] = [];
const testArrivals: { email: string; liveBefore: number }[] = [];

const receiver = new FakeHttpServer(async (request: RecordedRequest) => {
  const email = /"email":"([^"]+)"/.exec(request.rawBody)?.[1] ?? "";
  if (!email.startsWith("live-")) {
    testArrivals.push({ email, liveBefore: liveArrivals.length });
    return { status: 200, body: { ok: true } };
  }
  liveArrivals.push(email);
  await gate;
  return { status: 200, body: { ok: true } };
});

let service: RunningService;
let connection: Redis;
let bulk: Queue;
let interactive: Queue;
let buyer: SeededBuyer;

beforeAll(async () => {
  await receiver.listen();
  service = await startService(config, createLogger("silent"));
  connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  bulk = new Queue(DELIVERY_QUEUE, { connection, prefix: config.QUEUE_PREFIX });
  interactive = new Queue(INTERACTIVE_DELIVERY_QUEUE, { connection, prefix: config.QUEUE_PREFIX });
  buyer = await seedBuyer(service.prisma, secretBox, {
    destination: { integration: "webhook", name: "Busy hook", settings: { url: `${receiver.url}/leads`, format: "json", headers: {} } },
  });
  for (let i = 0; i < BACKLOG; i++) await submit({ first_name: "Live", email: `live-${i}@example.com` });
  // One live lead is held at the endpoint, the rest wait in the bulk lane.
  await waitFor("the first live lead to reach the endpoint", () => liveArrivals.length === 1);
  await waitFor("the backlog to be queued", async () => (await bulk.getWaitingCount()) === BACKLOG - 1);
});

afterAll(async () => {
  release?.();
  await service?.close();
  await bulk?.close();
  await interactive?.close();
  connection?.disconnect();
  await receiver.close();
});

async function submit(fields: Record<string, string>): Promise<string> {
  return postLead(service.url, buyer, fields);
}

describe("interactive delivery lane", () => {
  it("delivers a test lead sent with POST /destinations/{id}/test while the live backlog is still queued", async () => {
    const res = await fetch(`${service.url}/destinations/${buyer.destinationId}/test`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${buyer.accountKey}` },
      body: JSON.stringify({ fields: { email: "api.test@example.com" } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { event: { outcome: string; is_test: boolean } | null };
    expect(body.event).toMatchObject({ outcome: "success", is_test: true });
    // It reached the endpoint with only the one held live lead ahead of it, the rest still queued.
    expect(testArrivals).toContainEqual({ email: "api.test@example.com", liveBefore: 1 });
    expect(await bulk.getWaitingCount()).toBe(BACKLOG - 1);
    const delivery = await service.prisma.delivery.findFirstOrThrow({ where: { lead: { flowId: buyer.flowId, isTest: true } } });
    expect(await interactive.getJob(delivery.id)).toBeTruthy();
    expect(await bulk.getJob(delivery.id)).toBeFalsy();
  }, 30_000);

  it("delivers a lead posted with is_test ahead of the backlog too", async () => {
    const leadId = await submit({ first_name: "Probe", email: "posted.test@example.com", is_test: "true" });
    const lead = await waitFor(
      "the is_test lead to be delivered",
      () => service.prisma.lead.findFirst({ where: { id: leadId, status: "delivered" } }),
      20_000,
    );
    expect(lead.isTest).toBe(true);
    expect(testArrivals).toContainEqual({ email: "posted.test@example.com", liveBefore: 1 });
    expect(await bulk.getWaitingCount()).toBe(BACKLOG - 1);
  }, 30_000);

  it("has the sweeper re-enqueue a test lead whose job was lost in the interactive lane, and leave the queued backlog alone", async () => {
    // A test lead committed while Redis was away: its delivery is pending and has no job anywhere.
    const sql = createSqlPool(TEST_DATABASE_URL, 2);
    const lost = await sendTestLead(
      { prisma: service.prisma, leads: new LeadBatchWriter(sql), dispatcher: { dispatch: () => {}, resume: async () => {} } },
      buyer.accountId,
      buyer.destinationId!,
      { email: "swept.test@example.com" },
    );
    await sql.end();
    const queues = createDeliveryQueues(connection, config.QUEUE_PREFIX);
    const sweeper = new DeliverySweeper(
      service.prisma,
      queues,
      connection,
      { intervalMs: 60_000, pendingGraceMs: 0, retrySchedule: config.DELIVERY_RETRY_SCHEDULE },
      createLogger("silent"),
    );
    try {
      // The database is shared with earlier suites: their leftovers may be claimed first (1,000 a pass).
      await waitFor(
        "the sweeper to enqueue the lost test lead",
        async () =>
          (await sweeper.sweep()) >= 0 &&
          ((await interactive.getJob(lost.deliveryId)) ??
            (await service.prisma.delivery.findFirst({ where: { id: lost.deliveryId, status: "delivered" } }))),
        20_000,
        0,
      );
    } finally {
      await closeDeliveryQueues(queues);
    }
    await waitFor(
      "the swept test lead to be delivered",
      () => service.prisma.delivery.findFirst({ where: { id: lost.deliveryId, status: "delivered" } }),
      20_000,
    );
    expect(testArrivals).toContainEqual({ email: "swept.test@example.com", liveBefore: 1 });
    // The live deliveries kept their one bulk job each: none was copied into the interactive lane.
    const live = await service.prisma.delivery.findMany({ where: { lead: { flowId: buyer.flowId, isTest: false } }, select: { id: true } });
    expect(live).toHaveLength(BACKLOG);
    for (const { id } of live) {
      expect(await interactive.getJob(id)).toBeFalsy();
      expect(await bulk.getJobState(id)).toMatch(/^(waiting|active)$/);
    }
  }, 30_000);

  it("moves a queued live delivery out of the bulk backlog when a person retries it (resume in the interactive lane)", async () => {
    const leadId = await submit({ first_name: "Retried", email: "retried.live@example.com" });
    const { id: deliveryId } = await service.prisma.delivery.findFirstOrThrow({ where: { leadId } });
    await waitFor("the live lead to queue behind the backlog", async () => (await bulk.getJobState(deliveryId)) === "waiting");
    const waitingBefore = await bulk.getWaitingCount();

    const queues = createDeliveryQueues(connection, config.QUEUE_PREFIX);
    try {
      await new BullDeliveryDispatcher(queues, connection, config.DELIVERY_RETRY_SCHEDULE, createLogger("silent")).resume([deliveryId], {
        lane: "interactive",
      });
    } finally {
      await closeDeliveryQueues(queues);
    }
    await waitFor(
      "the retried lead to be delivered",
      () => service.prisma.delivery.findFirst({ where: { id: deliveryId, status: "delivered" } }),
      20_000,
    );
    expect(testArrivals).toContainEqual({ email: "retried.live@example.com", liveBefore: 1 });
    expect(await bulk.getJob(deliveryId)).toBeFalsy();
    expect(await bulk.getWaitingCount()).toBe(waitingBefore - 1);
  }, 30_000);

  it("moves retried deliveries between lanes atomically: never in neither lane nor both, each delivered exactly once", async () => {
    const emails = Array.from({ length: 5 }, (_, i) => `moved-${i}@example.com`);
    const ids: string[] = [];
    for (const email of emails) {
      const leadId = await submit({ first_name: "Moved", email });
      ids.push((await service.prisma.delivery.findFirstOrThrow({ where: { leadId } })).id);
    }
    await waitFor("the leads to queue behind the backlog", async () =>
      (await Promise.all(ids.map((id) => bulk.getJobState(id)))).every((s) => s === "waiting"),
    );

    // Watch both lanes in one atomic read per delivery while three people press Retry at once.
    const seen: string[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (const id of ids) {
          const [[, inBulk], [, inInteractive]] = (await connection
            .multi()
            .exists(bulk.toKey(id))
            .exists(interactive.toKey(id))
            .exec()) as [[null, number], [null, number]];
          if (inBulk + inInteractive !== 1) seen.push(`${id}: bulk ${inBulk}, interactive ${inInteractive}`);
        }
      }
    })();
    const dispatchers = Array.from({ length: 3 }, () => createDeliveryQueues(connection, config.QUEUE_PREFIX));
    try {
      await Promise.all(
        dispatchers.map((queues) =>
          new BullDeliveryDispatcher(queues, connection, config.DELIVERY_RETRY_SCHEDULE, createLogger("silent")).resume([...ids], {
            lane: "interactive",
          }),
        ),
      );
      await waitFor(
        "the retried leads to be delivered",
        async () => (await service.prisma.delivery.count({ where: { id: { in: ids }, status: "delivered" } })) === ids.length,
        20_000,
      );
    } finally {
      watching = false;
      await watcher;
      await Promise.all(dispatchers.map(closeDeliveryQueues));
    }
    expect(seen).toEqual([]);
    for (const email of emails) expect(testArrivals.filter((arrival) => arrival.email === email)).toEqual([{ email, liveBefore: 1 }]);
    for (const id of ids) expect(await bulk.getJob(id)).toBeFalsy();
  }, 30_000);

  it("then delivers every live lead once, in the order they were posted", async () => {
    release();
    await waitFor("the backlog to drain", () => liveArrivals.length === BACKLOG, 30_000);
    await waitFor(
      "every live lead to be recorded delivered",
      async () =>
        (await service.prisma.lead.count({
          where: { flowId: buyer.flowId, isTest: false, status: "delivered", fields: { path: ["first_name"], equals: "Live" } },
        })) === BACKLOG,
      30_000,
    );
    expect(liveArrivals).toEqual(Array.from({ length: BACKLOG }, (_, i) => `live-${i}@example.com`));
  }, 60_000);
});
