import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeChannel } from "../../core/alerts/subscribe-channel.ts";
import { RedisAudienceVersions } from "../../jobs/notify/alert-audience-cache.ts";
import { type RunningService } from "../../server/service.ts";
import type { RecordedRequest } from "../fakes/fake-http-server.ts";
import { SLACK_DEFAULT_TOKEN, type FakeSlack } from "../fakes/slack.ts";
import { type SeededBuyer } from "../support/seed-buyer.ts";
import { waitForQueueIdle } from "../support/queue-idle.ts";
import { waitFor } from "../support/wait-for.ts";
import { startNotifyingService, type NotifyingService } from "../support/notifying-service.ts";
import { expectNoRefusedViewsAfterEach } from "../support/slack-bot-service.ts";
import { NOTIFY_QUEUE } from "../../jobs/notify-queue.ts";
import { type WebhookReceiver } from "../support/webhook-receiver.ts";
import { postLead, leadSettled } from "../support/leads.ts";

/**
 * Delivery alerts end to end: real deliveries (webhook receiver), real Postgres and Redis, the
 * delivery worker's listener, the notify queue and worker, and the fake Slack Web API.
 * One notify worker slot (NOTIFY_CONCURRENCY=1), so a job that waited inside the worker would
 * visibly hold up every other channel.
 */
const TEAM = "T0001";
/**
 * Channel ids unique to this run: the database outlives runs, and a later run's sweeper picks up
 * deliveries an earlier run left waiting, whose alerts would otherwise land in these channels.
 */
const RUN = randomBytes(3).toString("hex").toUpperCase();
const CH = Object.fromEntries(
  ["FAIL", "ALL", "FONLY", "BURST", "GATE", "RLA", "RLB", "ESC", "ARCH", "DOWN", "ONB", "ONBALL"].map((name) => [name, `C${name}${RUN}`]),
) as Record<"FAIL" | "ALL" | "FONLY" | "BURST" | "GATE" | "RLA" | "RLB" | "ESC" | "ARCH" | "DOWN" | "ONB" | "ONBALL", string>;

let env: NotifyingService;
let slack: FakeSlack;
let receiver: WebhookReceiver;
let service: RunningService;
let redis: Redis;
let queuePrefix: string;
/** What the bot does after a subscription change: every process's audience cache re-reads the account. */
let audienceChanges: RedisAudienceVersions;

beforeAll(async () => {
  env = await startNotifyingService(Object.values(CH), {
    NOTIFY_CONCURRENCY: "1",
    ALERT_UPDATE_DELAY_MS: "300",
    // Retryable failures keep going long enough to cross the (tiny) unhealthy threshold.
    DELIVERY_RETRY_SCHEDULE: "0.3,0.3,0.3,0.3,0.3,0.3,0.3,0.3",
    DESTINATION_UNHEALTHY_AFTER_HOURS: "0.0003",
  });
  ({ slack, receiver, service, redis } = env);
  queuePrefix = env.config.QUEUE_PREFIX;
  audienceChanges = new RedisAudienceVersions(redis, queuePrefix);
});

/** Every view the bot opened, updated or published passed Slack's view rules (the fake refuses the rest). */
expectNoRefusedViewsAfterEach(() => slack);

// Leaves nothing waiting behind for later runs' sweepers (the unhealthy destination's deliveries).
afterAll(() => env?.close());

/** Nothing more will be posted: every notify job (fan-out, collapsed burst updates, retries) has run. */
async function notifyIdle(): Promise<void> {
  await waitForQueueIdle(redis, queuePrefix, NOTIFY_QUEUE);
}

async function subscribe(buyer: SeededBuyer, channelId: string, level: "all" | "failures") {
  return (await subscribeChannel(service.prisma, { accountId: buyer.accountId, teamId: TEAM, channelId, level }, audienceChanges))
    .subscription;
}

async function submit(buyer: SeededBuyer, fields: Record<string, string> = {}): Promise<string> {
  return postLead(service.url, buyer, { first_name: "Grace", last_name: "Hopper", email: "grace@example.com", ...fields });
}

async function settled(leadId: string) {
  return leadSettled(service.prisma, leadId);
}

function postsTo(channel: string): RecordedRequest[] {
  return slack.requestsTo(
    (r) => r.path === "/api/chat.postMessage" && (r.body as Record<string, unknown> | undefined)?.channel === channel,
  );
}

function messagesIn(channel: string) {
  return slack.postedMessages(channel);
}

function actionsOf(blocks: unknown): { action_id: string; value: string }[] {
  return (blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[])
    .filter((block) => block.type === "actions")
    .flatMap((block) => block.elements ?? [])
    .map((element) => ({ action_id: String(element.action_id), value: String(element.value) }));
}

describe("delivery alerts in Slack channels", () => {
  it("posts one alert to a subscribed channel when a delivery fails", async () => {
    const buyer = await env.webhookBuyer("/rejects");
    await subscribe(buyer, CH.FAIL, "failures");
    receiver.failNext("POST /rejects", { status: 422, body: { error: "bad" } });
    await settled(await submit(buyer));

    const [message] = await waitFor("the alert", () => (messagesIn(CH.FAIL).length ? messagesIn(CH.FAIL) : null));
    expect(message!.text).toBe("1 lead failed: Rejected (HTTP 422).");
    expect(JSON.stringify(message!.blocks)).toContain("Grace Hopper");
    // A failed-for-good lead: the alert offers to resend it (replay), nothing else.
    expect(actionsOf(message!.blocks)).toEqual([{ action_id: "destination_replay_failed", value: buyer.destinationId }]);
    await notifyIdle();
    expect(postsTo(CH.FAIL)).toHaveLength(1);
  });

  it("gives `failures` channels failures only and `all` channels successes too", async () => {
    const buyer = await env.webhookBuyer("/levels");
    await subscribe(buyer, CH.ALL, "all");
    await subscribe(buyer, CH.FONLY, "failures");

    await settled(await submit(buyer));
    const [success] = await waitFor("the success alert", () => (messagesIn(CH.ALL).length ? messagesIn(CH.ALL) : null));
    expect(success!.text).toBe("1 lead delivered to Hook.");

    receiver.failNext("POST /levels", { status: 422 });
    await settled(await submit(buyer));
    await waitFor("the failure alert in both channels", () => messagesIn(CH.ALL).length === 2 && messagesIn(CH.FONLY).length === 1);
    expect(messagesIn(CH.FONLY).map((m) => m.text)).toEqual(["1 lead failed: Rejected (HTTP 422)."]);
    expect(messagesIn(CH.ALL).map((m) => m.text)).toEqual(["1 lead delivered to Hook.", "1 lead failed: Rejected (HTTP 422)."]);
  });

  it("collapses 12 failures of one destination for one reason into one message with the count", async () => {
    const buyer = await env.webhookBuyer("/burst");
    await subscribe(buyer, CH.BURST, "failures");
    receiver.failNext("POST /burst", { status: 200, body: { outcome: "failure", reason: "Invalid API Key" } }, 12);
    const leadIds = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(buyer, { email: `burst${i}@example.com` })));
    await Promise.all(leadIds.map(settled));

    const [message] = await waitFor(
      "the burst message to count all 12",
      () => {
        const messages = messagesIn(CH.BURST);
        return messages[0]?.text === "12 leads failed in the last 5 min: Invalid API Key." ? messages : null;
      },
      15_000,
    );
    expect(postsTo(CH.BURST)).toHaveLength(1);
    // The count is kept current by editing that one message, and the edits are batched too.
    expect(slack.calls("chat.update").filter((c) => c.args.channel === CH.BURST).length).toBeLessThan(6);
    expect(messagesIn(CH.BURST)).toHaveLength(1);
    expect(actionsOf(message!.blocks)).toEqual([
      { action_id: "destination_update_credentials", value: buyer.destinationId },
      { action_id: "destination_replay_failed", value: buyer.destinationId },
    ]);
  });

  it("posts to one channel at most about once a second", async () => {
    const buyer = await env.webhookBuyer("/gate");
    await subscribe(buyer, CH.GATE, "failures");
    receiver.failNext("POST /gate", { status: 422 });
    receiver.failNext("POST /gate", { status: 400 });
    await Promise.all(
      [submit(buyer, { email: "a@example.com" }), submit(buyer, { email: "b@example.com" })].map(async (id) => settled(await id)),
    );

    await waitFor("two alerts (two reasons)", () => postsTo(CH.GATE).length === 2);
    const [first, second] = postsTo(CH.GATE);
    expect(second!.at.getTime() - first!.at.getTime()).toBeGreaterThanOrEqual(900);
    expect(
      messagesIn(CH.GATE)
        .map((m) => m.text)
        .sort(),
    ).toEqual(["1 lead failed: Rejected (HTTP 400).", "1 lead failed: Rejected (HTTP 422)."]);
  });

  it("reschedules a message Slack rate-limits after Retry-After without holding the worker", async () => {
    const a = await env.webhookBuyer("/limited-a");
    const b = await env.webhookBuyer("/limited-b");
    await subscribe(a, CH.RLA, "failures");
    await subscribe(b, CH.RLB, "failures");
    const toA = (r: RecordedRequest) =>
      r.path === "/api/chat.postMessage" && (r.body as Record<string, unknown> | undefined)?.channel === CH.RLA;
    slack.failNext(toA, {
      status: 429,
      headers: { "content-type": "application/json", "Retry-After": "3" },
      body: { ok: false, error: "ratelimited" },
    });

    receiver.failNext("POST /limited-a", { status: 422 });
    await settled(await submit(a));
    const limited = await waitFor("Slack to answer 429", () => slack.requestsTo(toA).find((r) => r.fault === "respond"));

    receiver.failNext("POST /limited-b", { status: 422 });
    await settled(await submit(b));
    await waitFor("the other channel's alert", () => messagesIn(CH.RLB).length === 1);
    // B got through while A waited out its Retry-After: the only worker slot was not asleep.
    expect(messagesIn(CH.RLA)).toHaveLength(0);
    expect(postsTo(CH.RLB)[0]!.at.getTime() - limited.at.getTime()).toBeLessThan(3_000);

    await waitFor("the rate-limited alert after Retry-After", () => messagesIn(CH.RLA).length === 1, 10_000);
    const retried = slack.requestsTo(toA).filter((r) => r.fault === undefined);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.at.getTime() - limited.at.getTime()).toBeGreaterThanOrEqual(2_900);
  });

  it("escapes lead values and reasons so nothing pings or links", async () => {
    const buyer = await env.webhookBuyer("/escape");
    await subscribe(buyer, CH.ESC, "all");
    receiver.failNext("POST /escape", {
      status: 200,
      body: { outcome: "failure", reason: "<!here> see <https://evil|click> @channel <@U0ADMIN>" },
    });
    await settled(await submit(buyer, { first_name: "<!channel>", last_name: "<https://evil|click>" }));

    const [message] = await waitFor("the alert", () => (messagesIn(CH.ESC).length ? messagesIn(CH.ESC) : null));
    expect(message!.text).toContain("&lt;!here&gt; see &lt;https://evil|click&gt;");
    expect(JSON.stringify(message!.blocks)).toContain("&lt;!channel&gt; &lt;https://evil|click&gt;");
    const everything = JSON.stringify(slack.calls().map((call) => call.args));
    for (const unsafe of ["<!channel>", "<!here>", "<https://evil|click>", "<@U0ADMIN>", "@channel", "@here"]) {
      expect(everything).not.toContain(unsafe);
    }
  });

  it("pauses the subscription of an archived channel and records why, without retrying", async () => {
    const buyer = await env.webhookBuyer("/archived");
    const subscription = await subscribe(buyer, CH.ARCH, "failures");
    slack.archiveChannel(CH.ARCH);
    receiver.failNext("POST /archived", { status: 422 });
    await settled(await submit(buyer));

    const paused = await waitFor("the subscription to pause", async () => {
      const row = await service.prisma.alertSubscription.findUnique({ where: { id: subscription.id } });
      return row?.status === "paused" ? row : null;
    });
    expect(paused.pausedReason).toBe("Slack: is_archived");
    const event = await service.prisma.event.findFirst({ where: { accountId: buyer.accountId, type: "notification" } });
    expect(event).toMatchObject({ outcome: "failure", reason: "Slack: is_archived", destinationId: buyer.destinationId });

    receiver.failNext("POST /archived", { status: 422 });
    await settled(await submit(buyer));
    await notifyIdle();
    expect(postsTo(CH.ARCH)).toHaveLength(1);
    expect(await service.prisma.event.count({ where: { accountId: buyer.accountId, type: "notification" } })).toBe(1);
  });

  it("alerts once when a destination turns unhealthy, not once per lead", async () => {
    const buyer = await env.webhookBuyer("/down");
    await subscribe(buyer, CH.DOWN, "failures");
    receiver.failNext("POST /down", { status: 503 }, 1_000);
    const leadIds = await Promise.all([1, 2, 3, 4].map((i) => submit(buyer, { email: `down${i}@example.com` })));
    await waitFor(
      "every delivery to wait on the unhealthy destination",
      async () => (await service.prisma.delivery.count({ where: { leadId: { in: leadIds }, status: "waiting" } })) === leadIds.length,
      15_000,
    );
    const [message] = await waitFor("the health alert", () => (messagesIn(CH.DOWN).length ? messagesIn(CH.DOWN) : null));
    expect(message!.text).toMatch(/^Destination Hook is unhealthy: Failing for 1 min: Server error \(HTTP 503\)/);
    await notifyIdle();
    expect(messagesIn(CH.DOWN)).toHaveLength(1);
    receiver.clearFaults();
  });

  it("posts a test lead's result into its onboarding thread, not into alert channels", async () => {
    const buyer = await env.webhookBuyer("/test-lead");
    await subscribe(buyer, CH.ONBALL, "all");
    const threadTs = await env.openOnboardingThread(buyer, CH.ONB);
    const leadId = await env.sendTestLead(buyer);

    const reply = await waitFor("the test result in the thread", () => messagesIn(CH.ONB).find((m) => m.thread_ts === threadTs));
    expect(reply.text).toMatch(/^Test lead delivered: Webhook answered 200/);
    const notification = await waitFor("the notification event", () =>
      service.prisma.event.findFirst({ where: { leadId, type: "notification" } }),
    );
    expect(notification).toMatchObject({ outcome: "success", isTest: true });
    await notifyIdle();
    expect(messagesIn(CH.ONB)).toHaveLength(2);
    expect(messagesIn(CH.ONBALL)).toHaveLength(0);
  });

  it("never sends a token, posting key or account key to Slack", () => {
    expect(slack.calls().length).toBeGreaterThan(10);
    const everything = JSON.stringify(slack.calls().map((call) => call.args));
    for (const secret of [SLACK_DEFAULT_TOKEN, ...env.buyers.flatMap((b) => [b.postingKey, b.accountKey])]) {
      expect(everything).not.toContain(secret);
    }
  });
});
