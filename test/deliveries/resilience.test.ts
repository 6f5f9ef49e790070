import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createPrisma } from "../../core/db/prisma.ts";
import { createSqlPool } from "../../core/db/sql-pool.ts";
import { DuplicateIndex } from "../../core/intake/duplicate-check.ts";
import { LeadBatchWriter } from "../../core/intake/lead-batch-writer.ts";
import { SourceContextCache } from "../../core/intake/source-context.ts";
import { createLogger } from "../../core/logger.ts";
import { createApp } from "../../server/app.ts";
import { startService } from "../../server/service.ts";
import { DisposableRedis, freePort, spawnTs } from "../support/child-process.ts";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../support/env.ts";
import { seedBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, TEST_OUTBOUND_ALLOWED_NETWORKS, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { waitFor } from "../support/wait-for.ts";

const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
const prisma = createPrisma(TEST_DATABASE_URL, 3);
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await receiver?.close();
  await prisma.$disconnect();
});

function webhookBuyer(path: string) {
  return seedBuyer(prisma, secretBox, {
    destination: { integration: "webhook", name: "Hook", settings: { url: `${receiver.url}${path}` } },
  });
}

async function post(baseUrl: string, buyer: { submitPath: string; postingKey: string }, email: string) {
  return fetch(`${baseUrl}${buyer.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
    body: JSON.stringify({ email, first_name: "Lin" }),
  });
}

describe("when Redis is down at intake", () => {
  it("still accepts leads, and delivers every one of them once Redis is back", async () => {
    const redis = new DisposableRedis(await freePort());
    await redis.start();
    const service = await startService(testConfig({ REDIS_URL: redis.url, SWEEP_GRACE_MS: "300" }), createLogger("silent"));
    try {
      const buyer = await webhookBuyer("/redis-outage");
      await redis.stop();
      const leadIds: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await post(service.url, buyer, `lead${i}@example.com`);
        expect(res.status).toBe(201);
        const body = (await res.json()) as { outcome: string; lead: { id: string } };
        expect(body.outcome).toBe("success");
        leadIds.push(body.lead.id);
      }
      expect(await prisma.delivery.count({ where: { leadId: { in: leadIds }, status: "pending" } })).toBe(5);

      await redis.start();
      await waitFor(
        "all five leads delivered",
        async () => (await prisma.lead.count({ where: { id: { in: leadIds }, status: "delivered" } })) === 5,
        20_000,
      );
      expect(receiver.processed.size).toBeGreaterThanOrEqual(5);
      expect(receiver.requestsTo("POST /redis-outage")).toHaveLength(5);
    } finally {
      await service.close();
      await redis.stop();
    }
  });
});

describe("when PostgreSQL is down", () => {
  it("answers 503 with outcome error and writes nothing", async () => {
    const buyer = await webhookBuyer("/pg-outage");
    const logger = createLogger("silent");
    const deadPrisma = createPrisma("postgresql://postgres@127.0.0.1:1/leadrelay", 1);
    const deadSql = createSqlPool("postgresql://postgres@127.0.0.1:1/leadrelay", 1);
    const warmSources = new SourceContextCache(prisma, 60_000);
    await warmSources.get(buyer.flowId, buyer.sourceId);
    const dispatched: string[] = [];
    const dispatcher = { dispatch: (ids: string[]) => void dispatched.push(...ids), resume: async () => undefined };

    for (const sources of [new SourceContextCache(deadPrisma), warmSources]) {
      const app = createApp({
        prisma: deadPrisma,
        logger,
        queueReady: () => true,
        intake: { leads: new LeadBatchWriter(deadSql), duplicates: new DuplicateIndex(deadSql), logger, dispatcher, sources },
      });
      const res = await app.request(buyer.submitPath, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
        body: JSON.stringify({ email: "x@example.com" }),
      });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ outcome: "error", reason: "Storage unavailable, retry later", price: 0 });
    }
    expect(dispatched).toEqual([]);
    expect(await prisma.lead.count({ where: { flowId: buyer.flowId } })).toBe(0);
    await deadPrisma.$disconnect();
    await deadSql.end();
  });
});

describe("delivery workers as separate processes", () => {
  const workerEnv = (prefix: string) => ({
    NODE_ENV: "test",
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: "info",
    DELIVERY_LOCK_MS: "2000",
    DELIVERY_RETRY_SCHEDULE: "0.2,0.2",
    SWEEP_INTERVAL_MS: "500",
    OUTBOUND_ALLOWED_NETWORKS: TEST_OUTBOUND_ALLOWED_NETWORKS,
  });

  it("a worker killed mid-delivery: the job is taken up again and the destination gets it exactly once", async () => {
    const config = testConfig({ RUN_WORKERS: "false" });
    const service = await startService(config, createLogger("silent"));
    const buyer = await webhookBuyer("/killed");
    // The first request hangs long enough for us to kill the worker while it waits.
    receiver.delayNext("POST /killed", 10_000);
    const doomed = spawnTs("jobs/main.ts", workerEnv(config.QUEUE_PREFIX));
    try {
      const res = await post(service.url, buyer, "killed@example.com");
      const leadId = ((await res.json()) as { lead: { id: string } }).lead.id;
      await waitFor("the first delivery request", () => receiver.requestsTo("POST /killed").length === 1, 15_000);
      doomed.kill("SIGKILL");

      const rescuer = spawnTs("jobs/main.ts", workerEnv(config.QUEUE_PREFIX));
      try {
        await waitFor(
          "the lead delivered by the second worker",
          async () => (await prisma.lead.findUnique({ where: { id: leadId } }))?.status === "delivered",
          20_000,
        );
      } finally {
        rescuer.kill("SIGTERM");
      }
      const hits = receiver.requestsTo("POST /killed");
      expect(hits).toHaveLength(2);
      expect(new Set(hits.map((h) => h.headers["webhook-id"])).size).toBe(1);
      const deliveryId = String(hits[0]!.headers["webhook-id"]);
      expect([...receiver.processed.keys()].filter((id) => id === deliveryId)).toHaveLength(1);
      expect(await prisma.event.count({ where: { deliveryId, type: "delivery", outcome: "success" } })).toBe(1);
    } finally {
      doomed.kill("SIGKILL");
      await service.close();
    }
  });

  it("SIGTERM lets the active delivery finish before the worker exits", async () => {
    const config = testConfig({ RUN_WORKERS: "false" });
    const service = await startService(config, createLogger("silent"));
    const buyer = await webhookBuyer("/graceful");
    receiver.delayNext("POST /graceful", 1_500);
    const worker = spawnTs("jobs/main.ts", workerEnv(config.QUEUE_PREFIX));
    try {
      const res = await post(service.url, buyer, "graceful@example.com");
      const leadId = ((await res.json()) as { lead: { id: string } }).lead.id;
      await waitFor("the delivery request", () => receiver.requestsTo("POST /graceful").length === 1, 15_000);
      const exited = new Promise<number | null>((resolve) => worker.once("exit", (code) => resolve(code)));
      worker.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect((await prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).status).toBe("delivered");
      expect(worker.output()).toContain("finishing active deliveries");
    } finally {
      worker.kill("SIGKILL");
      await service.close();
    }
  });
});
