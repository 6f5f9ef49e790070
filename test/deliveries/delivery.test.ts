import { createHmac } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { DELIVERY_QUEUE } from "../../jobs/delivery-queue.ts";
import { TEST_REDIS_URL } from "../support/env.ts";
import { createLogger } from "../../core/logger.ts";
import { generateWebhookSecret } from "../../core/integrations/webhook/standard-webhook-signature.ts";
import { startService, type RunningService } from "../../server/service.ts";
import type { RecordedRequest } from "../fakes/fake-http-server.ts";
import { seedWebhookBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { waitFor } from "../support/wait-for.ts";
import { postLead, leadSettled } from "../support/leads.ts";

let service: RunningService;
const config = testConfig({ DELIVERY_RETRY_SCHEDULE: "0.2,0.2,0.2" });
let receiver: WebhookReceiver;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  service = await startService(config, createLogger("silent"));
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

/** A buyer whose webhook lives at its own path on the shared receiver. */
async function buyerAt(path: string, extra: { signingSecret?: string; format?: "json" | "form"; headers?: Record<string, string> } = {}) {
  return seedWebhookBuyer(service.prisma, secretBox, `${receiver.url}${path}`, {
    settings: { format: extra.format ?? "json", headers: extra.headers ?? {} },
    credentials: extra.signingSecret ? { signingSecret: extra.signingSecret } : undefined,
  });
}

async function submit(buyer: { submitPath: string; postingKey: string }, fields: Record<string, string> = {}) {
  return postLead(service.url, buyer, { first_name: "Grace", email: "grace@example.com", ...fields });
}

async function settled(leadId: string) {
  return leadSettled(service.prisma, leadId);
}

function hitsTo(path: string): RecordedRequest[] {
  return receiver.requestsTo(`POST ${path}`);
}

describe("webhook delivery", () => {
  it("signs each delivery per Standard Webhooks with the delivery id", async () => {
    const secret = generateWebhookSecret();
    const buyer = await buyerAt("/signed", { signingSecret: secret, headers: { "X-Buyer-Token": "buyer-header-secret" } });
    const leadId = await submit(buyer);
    const lead = await settled(leadId);
    const [hit] = hitsTo("/signed");
    const id = String(hit!.headers["webhook-id"]);
    const timestamp = String(hit!.headers["webhook-timestamp"]);
    expect(id).toBe(lead.deliveries[0]!.id);
    const expected = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
      .update(`${id}.${timestamp}.${hit!.rawBody}`)
      .digest("base64");
    expect(hit!.headers["webhook-signature"]).toBe(`v1,${expected}`);
    expect(hit!.headers["x-buyer-token"]).toBe("buyer-header-secret");
    // Custom headers may carry credentials: the event keeps their names only.
    const recipient = lead.events.find((e) => e.type === "recipient")!;
    expect(JSON.stringify(recipient.snapshot)).not.toContain("buyer-header-secret");
    expect(JSON.stringify(recipient.snapshot)).not.toContain(expected);
  });

  it("posts form bodies when asked", async () => {
    const buyer = await buyerAt("/form", { format: "form" });
    await settled(await submit(buyer));
    const [hit] = hitsTo("/form");
    expect(hit!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(hit!.body).toMatchObject({ first_name: "Grace", email: "grace@example.com" });
  });

  it("retries 5xx and network errors, then succeeds", async () => {
    const buyer = await buyerAt("/flaky");
    receiver.failNext("POST /flaky", { status: 503, body: "busy" });
    receiver.dropNext("POST /flaky");
    const lead = await settled(await submit(buyer));
    expect(lead.status).toBe("delivered");
    expect(lead.deliveries[0]!.attempts).toBe(3);
    expect(lead.events.map((e) => `${e.type}:${e.outcome}:${e.reason ?? ""}`)).toEqual([
      "source:success:",
      "recipient:error:Server error (HTTP 503)",
      expect.stringMatching(/^recipient:error:Connection failed/),
      "recipient:success:Webhook answered 200",
      "delivery:success:Webhook answered 200",
    ]);
  });

  it("stops at once on a permanent 4xx and names the status", async () => {
    const buyer = await buyerAt("/reject");
    receiver.failNext("POST /reject", { status: 422, body: { error: "bad" } });
    const lead = await settled(await submit(buyer));
    expect(lead.status).toBe("failed");
    expect(lead.reason).toBe("Rejected (HTTP 422)");
    expect(lead.deliveries[0]!.attempts).toBe(1);
  });

  it("treats a 2xx whose body says outcome failure as a failure with its reason", async () => {
    const buyer = await buyerAt("/soft-fail");
    receiver.failNext("POST /soft-fail", { status: 200, body: { outcome: "failure", reason: "Duplicate lead" } });
    const lead = await settled(await submit(buyer));
    expect(lead.status).toBe("failed");
    expect(lead.reason).toBe("Duplicate lead");
  });

  it("gives up after the last scheduled attempt with the last reason", async () => {
    const buyer = await buyerAt("/down");
    receiver.failNext("POST /down", { status: 500 }, 10);
    const lead = await settled(await submit(buyer));
    expect(lead.status).toBe("failed");
    expect(lead.deliveries[0]!.attempts).toBe(4);
    expect(lead.reason).toBe("Server error (HTTP 500) (gave up after 4 attempts)");
    expect(hitsTo("/down")).toHaveLength(4);
    receiver.clearFaults();
  });

  it("honours Retry-After on 429", async () => {
    const buyer = await buyerAt("/limited");
    receiver.failNext("POST /limited", { status: 429, headers: { "retry-after": "1" } });
    const lead = await settled(await submit(buyer));
    expect(lead.status).toBe("delivered");
    const [first, second] = hitsTo("/limited");
    expect(second!.at.getTime() - first!.at.getTime()).toBeGreaterThanOrEqual(950);
  });

  it("disables the destination on 410 and fails its later leads without sending", async () => {
    const buyer = await buyerAt("/gone");
    receiver.failNext("POST /gone", { status: 410 });
    const first = await settled(await submit(buyer));
    expect(first.reason).toBe("Endpoint gone (HTTP 410)");
    const destination = await service.prisma.destination.findUniqueOrThrow({ where: { id: buyer.destinationId! } });
    expect(destination.health).toBe("disabled");
    const second = await settled(await submit(buyer));
    expect(second.reason).toBe("Destination disabled");
    expect(hitsTo("/gone")).toHaveLength(1);
  });

  it("fails a lead at once, without sending, when the stored field mappings no longer parse", async () => {
    const buyer = await buyerAt("/misconfigured");
    await service.prisma.destination.update({ where: { id: buyer.destinationId! }, data: { mappings: [{ not: "a mapping" }] } });
    const lead = await settled(await submit(buyer));
    expect(lead.status).toBe("failed");
    expect(lead.reason).toBe("Field mappings are invalid");
    expect(lead.deliveries[0]!.attempts).toBe(1);
    const recipient = lead.events.find((e) => e.type === "recipient")!;
    expect(recipient).toMatchObject({ outcome: "error", snapshot: { cause: "mappings" } });
    expect(hitsTo("/misconfigured")).toHaveLength(0);
  });

  it("never delivers twice when the same delivery is enqueued again", async () => {
    const buyer = await buyerAt("/once");
    const lead = await settled(await submit(buyer));
    const deliveryId = lead.deliveries[0]!.id;
    const connection = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(DELIVERY_QUEUE, { connection, prefix: config.QUEUE_PREFIX });
    try {
      // Same job id: BullMQ keeps the finished job, so this add is a no-op.
      await queue.add("deliver", { deliveryId }, { jobId: deliveryId });
      // A different job for the same delivery (a replay after Redis lost its data): the
      // database says it is delivered, so the worker skips it.
      const replay = await queue.add("deliver", { deliveryId }, { jobId: `${deliveryId}-replay` });
      await waitFor("the replay job to finish", () => replay.isCompleted());
      expect((await queue.getJob(`${deliveryId}-replay`))!.returnvalue).toEqual({ skipped: "Already delivered" });
    } finally {
      await queue.close();
      connection.disconnect();
    }
    expect(hitsTo("/once")).toHaveLength(1);
    const events = await service.prisma.event.count({ where: { deliveryId, type: "recipient" } });
    expect(events).toBe(1);
  });
});
