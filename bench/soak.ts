import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { DELIVERY_QUEUE, INTERACTIVE_DELIVERY_QUEUE } from "../jobs/delivery-queue.ts";
import { NOTIFY_QUEUE } from "../jobs/notify-queue.ts";
import type { FakeSlack } from "../test/fakes/slack.ts";
import { BENCH_THREAD_CHANNEL, type BenchFixture, type LocalReceiver } from "./bench-fixture.ts";
import type { BenchService } from "./bench-service.ts";
import { OpenLoopPoster, percentile } from "./load-clients.ts";

export interface SoakOptions {
  seconds: number;
  rate: number;
  intervalSeconds?: number;
}

interface Interval {
  t: number;
  accepted_per_second: number;
  delivered_per_second: number;
  dropped: number;
  depth: { bulk: number; interactive: number; notify: number };
  notify_lag_ms: number;
  test_lead_api_ms: number | null;
  test_lead_slack_ms: number | null;
}

/**
 * `--soak`: intake at a fixed rate (open loop) for `seconds`; every interval one test lead through
 * `POST /destinations/{id}/test` (the interactive lane), timed until the API answers with its
 * result and until the result is posted in the account's Slack thread (fake Slack). Prints a line
 * per interval: accepted/s, delivered/s, each queue's depth (waiting + delayed + active), notify
 * lag (age of the oldest waiting notify job) and the test lead's latencies.
 */
export async function soak(
  fixture: BenchFixture,
  service: BenchService,
  receiver: LocalReceiver,
  slack: FakeSlack,
  threadTs: string,
  redisUrl: string,
  options: SoakOptions,
) {
  const intervalMs = (options.intervalSeconds ?? 10) * 1000;
  const redis = new Redis(redisUrl);
  const queue = (name: string) => new Queue(name, { connection: redis, prefix: service.prefix });
  const queues = { bulk: queue(DELIVERY_QUEUE), interactive: queue(INTERACTIVE_DELIVERY_QUEUE), notify: queue(NOTIFY_QUEUE) };
  const depth = async (q: Queue) =>
    Object.values(await q.getJobCounts("waiting", "prioritized", "delayed", "active")).reduce((a, b) => a + b, 0);
  const notifyLag = async () => {
    const oldest = await redis.lindex(queues.notify.toKey("wait"), -1);
    if (!oldest) return 0;
    const timestamp = Number(await redis.hget(queues.notify.toKey(oldest), "timestamp"));
    return timestamp ? Math.max(0, Date.now() - timestamp) : 0;
  };
  const threadReplies = () => slack.postedMessages(BENCH_THREAD_CHANNEL).filter((m) => m.thread_ts === threadTs).length;

  const testLead = async () => {
    const before = threadReplies();
    const started = performance.now();
    let api: number | null = null;
    let inSlack: number | null = null;
    const res = await fetch(`${service.base}/destinations/${fixture.destinationId}/test`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${fixture.accountKey}` },
      body: "{}",
    }).catch(() => null);
    if (res?.ok && ((await res.json()) as { event: unknown }).event) api = Math.round(performance.now() - started);
    while (performance.now() - started < intervalMs - 200) {
      if (threadReplies() > before) {
        inSlack = Math.round(performance.now() - started);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return { api, inSlack };
  };

  const poster = new OpenLoopPoster(service.base, fixture.submitPath, fixture.postingKey);
  const intervals: Interval[] = [];
  const started = Date.now();
  poster.start(options.rate);
  let last = { accepted: 0, delivered: receiver.received, dropped: 0 };
  while (Date.now() - started < options.seconds * 1000) {
    const probe = testLead();
    await new Promise((r) => setTimeout(r, intervalMs));
    const { api, inSlack } = await probe;
    const now = { accepted: poster.accepted, delivered: receiver.received, dropped: poster.dropped };
    const line: Interval = {
      t: Math.round((Date.now() - started) / 1000),
      accepted_per_second: Math.round((now.accepted - last.accepted) / (intervalMs / 1000)),
      delivered_per_second: Math.round((now.delivered - last.delivered) / (intervalMs / 1000)),
      dropped: now.dropped - last.dropped,
      depth: { bulk: await depth(queues.bulk), interactive: await depth(queues.interactive), notify: await depth(queues.notify) },
      notify_lag_ms: await notifyLag(),
      test_lead_api_ms: api,
      test_lead_slack_ms: inSlack,
    };
    last = now;
    intervals.push(line);
    console.log(JSON.stringify({ mode: "soak-interval", ...line }));
  }
  await poster.stop();
  await Promise.all(Object.values(queues).map((q) => q.close()));
  redis.disconnect();

  const half = Math.floor(intervals.length / 2);
  const maxDepth = (list: Interval[]) => Math.max(0, ...list.map((i) => i.depth.bulk + i.depth.interactive + i.depth.notify));
  const latencies = intervals.map((i) => i.test_lead_slack_ms ?? Infinity);
  return {
    mode: "soak",
    seconds: options.seconds,
    rate: options.rate,
    accepted_per_second: Math.round(intervals.reduce((s, i) => s + i.accepted_per_second, 0) / Math.max(1, intervals.length)),
    delivered_per_second: Math.round(intervals.reduce((s, i) => s + i.delivered_per_second, 0) / Math.max(1, intervals.length)),
    dropped: intervals.reduce((s, i) => s + i.dropped, 0),
    intake_ms_p50: percentile(poster.intakeMs, 50),
    intake_ms_p99: percentile(poster.intakeMs, 99),
    max_queue_depth_first_half: maxDepth(intervals.slice(0, half)),
    max_queue_depth_second_half: maxDepth(intervals.slice(half)),
    max_notify_lag_ms: Math.max(0, ...intervals.map((i) => i.notify_lag_ms)),
    test_lead_slack_ms_max: latencies.length ? Math.max(...latencies) : null,
    test_lead_api_ms_max: Math.max(0, ...intervals.map((i) => i.test_lead_api_ms ?? Infinity)),
  };
}
