import { randomBytes } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeChannel, unsubscribeChannel } from "../../core/alerts/subscribe-channel.ts";
import { AlertAudienceCache, RedisAudienceVersions } from "../../jobs/notify/alert-audience-cache.ts";
import { NOTIFY_QUEUE } from "../../jobs/notify-queue.ts";
import { INTERACTIVE_DELIVERY_QUEUE } from "../../jobs/delivery-queue.ts";
import { type RunningService } from "../../server/service.ts";
import { type FakeSlack } from "../fakes/slack.ts";
import { type SeededBuyer } from "../support/seed-buyer.ts";
import { waitFor } from "../support/wait-for.ts";
import { startNotifyingService, type NotifyingService } from "../support/notifying-service.ts";
import { type WebhookReceiver } from "../support/webhook-receiver.ts";
import { postLead, leadSettled } from "../support/leads.ts";

/**
 * Notifications proportional to their audience: the delivery worker's listener enqueues a notify
 * job only for an attempt someone will hear about (a test lead's thread, an alert subscription),
 * decided from a per-process cache that a subscription change in any process invalidates through
 * Redis. Real service, Postgres, Redis, BullMQ and fake Slack.
 */
const TEAM = "T0001";
const RUN = randomBytes(3).toString("hex").toUpperCase();
const CH = { LATE: `CLATE${RUN}`, ONB: `CONB${RUN}`, AUTH: `CAUTH${RUN}` };

let env: NotifyingService;
let slack: FakeSlack;
let receiver: WebhookReceiver;
let service: RunningService;
let redis: Redis;
let prefix: string;
let notifyQueue: Queue;
let interactiveQueue: Queue;
/** What a second process (the bot answering `/leadrelay alerts`) does after changing a subscription. */
let otherProcess: RedisAudienceVersions;

beforeAll(async () => {
  env = await startNotifyingService(Object.values(CH), { ALERT_UPDATE_DELAY_MS: "300" });
  ({ slack, receiver, service, redis } = env);
  prefix = env.config.QUEUE_PREFIX;
  notifyQueue = new Queue(NOTIFY_QUEUE, { connection: redis, prefix });
  interactiveQueue = new Queue(INTERACTIVE_DELIVERY_QUEUE, { connection: redis, prefix });
  otherProcess = new RedisAudienceVersions(redis, prefix);
});

afterAll(async () => {
  await notifyQueue?.close();
  await interactiveQueue?.close();
  await env?.close();
});

async function submit(buyer: SeededBuyer): Promise<string> {
  return postLead(service.url, buyer, { first_name: "Ada", last_name: "Lovelace", email: "ada@example.com" });
}

async function settled(leadId: string) {
  return leadSettled(service.prisma, leadId);
}

/** Every job the notify queue holds or has held (completed ones are kept for a day). */
async function notifyJobsEver(): Promise<number> {
  const counts = await notifyQueue.getJobCounts("waiting", "active", "delayed", "completed", "failed", "prioritized", "waiting-children");
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Waits for the bot's reply in the thread `threadTs` of `channel`. */
function replyInThread(channel: string, threadTs: string, what: string) {
  return waitFor(what, () => slack.postedMessages(channel).find((m) => m.thread_ts === threadTs) ?? null);
}

function primaryAction(blocks: unknown): string | undefined {
  return (blocks as { type: string; elements?: { action_id?: string; style?: string }[] }[])
    .filter((block) => block.type === "actions")
    .flatMap((block) => block.elements ?? [])
    .find((element) => element.style === "primary")?.action_id;
}

describe("notifications proportional to their audience", () => {
  it("enqueues nothing for live leads of an account nobody listens to, then alerts once another process subscribes a channel", async () => {
    const buyer = await env.webhookBuyer("/quiet");
    receiver.failNext("POST /quiet", { status: 422, body: { error: "bad" } }, 3);
    const leads = await Promise.all(Array.from({ length: 20 }, () => submit(buyer)));
    for (const leadId of leads) await settled(leadId);
    const failed = await service.prisma.lead.count({ where: { id: { in: leads }, status: "failed" } });
    expect(failed).toBe(3);
    expect(await notifyJobsEver()).toBe(0);

    // The subscription is written elsewhere (the bot's process); only the Redis version tells this service.
    await subscribeChannel(service.prisma, { accountId: buyer.accountId, teamId: TEAM, channelId: CH.LATE, level: "all" }, otherProcess);
    const alerted = await waitFor("a lead's success alert in the new channel", async () => {
      await settled(await submit(buyer));
      return slack.postedMessages(CH.LATE)[0] ?? null;
    });
    expect(alerted.text).toMatch(/delivered/);
    expect(await notifyJobsEver()).toBeGreaterThan(0);
  });

  it("sees a subscription change made through another cache object on the same Redis", async () => {
    const buyer = await env.webhookBuyer("/two-caches");
    // Trusted forever unless the version moves: only the Redis invalidation can change its answer.
    const versions = new RedisAudienceVersions(redis, prefix);
    const cache = new AlertAudienceCache(service.prisma, versions, { checkMs: 0, ttlMs: 3_600_000 });
    expect(await cache.summary(buyer.accountId)).toEqual({ failure: false, success: false, health: false });

    await subscribeChannel(
      service.prisma,
      { accountId: buyer.accountId, teamId: TEAM, channelId: `CTWO${RUN}`, level: "failures" },
      otherProcess,
    );
    expect(await cache.summary(buyer.accountId)).toEqual({ failure: true, success: false, health: true });

    await unsubscribeChannel(service.prisma, { accountId: buyer.accountId, teamId: TEAM, channelId: `CTWO${RUN}` }, otherProcess);
    expect(await cache.summary(buyer.accountId)).toEqual({ failure: false, success: false, health: false });
  });

  it("enqueues nothing for a test lead of an account with no Slack conversation, and posts the next one once a thread exists", async () => {
    const buyer = await env.webhookBuyer("/no-thread");
    const sent = async () => {
      await env.sendTestLead(buyer);
      const delivery = await service.prisma.delivery.findFirstOrThrow({
        where: { destinationId: buyer.destinationId, lead: { isTest: true } },
        orderBy: { id: "desc" },
      });
      // The worker calls the notify listener before it completes the job.
      await waitFor("the test lead's job to complete", async () => (await interactiveQueue.getJobState(delivery.id)) === "completed");
      return delivery.id;
    };
    const unheard = await sent();
    expect(await notifyQueue.getJob(`final-${unheard}`)).toBeFalsy();

    const threadTs = await env.openOnboardingThread(buyer, CH.LATE);
    const heard = await sent();
    expect(await notifyQueue.getJob(`final-${heard}`)).toBeTruthy();
    const reply = await replyInThread(CH.LATE, threadTs, "the test result in the new thread");
    expect(reply.text).toMatch(/^Test lead delivered/);
  });

  it("still posts a test lead's result into the thread of an account without alert subscriptions", async () => {
    const buyer = await env.webhookBuyer("/onboarding");
    const threadTs = await env.openOnboardingThread(buyer, CH.ONB);
    await env.sendTestLead(buyer);
    const reply = await replyInThread(CH.ONB, threadTs, "the test result in the thread");
    expect(reply.text).toMatch(/^Test lead delivered/);
  });

  it("offers Update credentials from the typed cause, whatever the reason says", async () => {
    const buyer = await env.webhookBuyer("/auth");
    const threadTs = await env.openOnboardingThread(buyer, CH.AUTH);
    // A webhook's 401 is reasoned "Rejected (HTTP 401)": no credential words, but a credentials cause.
    receiver.failNext("POST /auth", { status: 401, body: { error: "nope" } });
    await env.sendTestLead(buyer);
    const reply = await replyInThread(CH.AUTH, threadTs, "the failed test result in the thread");
    expect(reply.text).toBe("Test lead failed: Rejected (HTTP 401)");
    expect(primaryAction(reply.blocks)).toBe("destination_update_credentials");
    const event = await service.prisma.event.findFirst({ where: { destinationId: buyer.destinationId, type: "recipient" } });
    expect(event?.snapshot).toMatchObject({ cause: "credentials" });
  });
});
