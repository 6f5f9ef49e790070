import { parseArgs } from "node:util";
import { Pool } from "undici";
import { addSlackAudience, createBenchFixture, failLeftoverDeliveries, LocalReceiver, type BenchFixture } from "./bench-fixture.ts";
import { BenchService } from "./bench-service.ts";
import { benchLead, percentile, postClosedLoop } from "./load-clients.ts";
import { soak } from "./soak.ts";

const HELP = `npm run bench -- [mode] [options]   (every result is one JSON line on stdout)

Modes:
  (none)              pipeline: API + workers in one process (npm start); closed-loop clients post
                      leads to a webhook on this machine: accepted/s, delivered/s, intake and
                      intake-to-destination p50/p99, service CPU per lead
  --intake            intake alone (RUN_WORKERS=false) against the bare baseline (one JSON parse,
                      one INSERT, one BullMQ add per request), interleaved A/B --rounds times:
                      throughput ratio and p99 ratio in the same run
  --drain N           delivery throughput: N leads queued first (API alone), then the service with
                      its workers (one process, or the API + --worker-processes) delivers them: deliveries/s
  --soak SECONDS      fixed-rate intake (--rate, default 70 % of the capacity measured first), with
                      a Slack audience (fake Slack: onboarding thread, an all-alerts channel); every
                      10 s: accepted/s, delivered/s, queue depths, notify lag, a test lead's latency
  --all               --intake, pipeline at 16 and 32 clients, --drain 20000, --soak 120: the README's figures

Options:
  --seconds S           measured seconds per run (default 10)
  --warmup S            unrecorded seconds first (default 2)
  --connections N       concurrent clients (default 32; --intake 50, like wrk -c50)
  --worker-processes N  0: workers inside the API process; N: the API alone + N npm run worker processes
  --rounds N            --intake A/B rounds (default 2)
  --rate R              --soak leads/s

Environment: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/leadrelay_bench; never a
test database), REDIS_URL (queues use a fresh prefix bench-<time>-<random>, dropped afterwards),
BENCH_NODE_ARGS (node flags for the service, e.g. --cpu-prof), DELIVERY_CONCURRENCY,
INTERACTIVE_DELIVERY_CONCURRENCY, DATABASE_POOL_SIZE, NOTIFY_CONCURRENCY (passed to the service).`;

const { values } = parseArgs({
  options: {
    help: { type: "boolean", default: false },
    intake: { type: "boolean", default: false },
    drain: { type: "string" },
    soak: { type: "string" },
    all: { type: "boolean", default: false },
    seconds: { type: "string", default: "10" },
    connections: { type: "string" },
    warmup: { type: "string", default: "2" },
    "worker-processes": { type: "string", default: "0" },
    rounds: { type: "string", default: "2" },
    rate: { type: "string" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/leadrelay_bench";
if (/leadrelay_test/.test(databaseUrl)) throw new Error("BENCH_DATABASE_URL names a test database: the bench writes to it");
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const seconds = Number(values.seconds);
const warmupSeconds = Number(values.warmup);
const workerProcesses = Number(values["worker-processes"]);

const receiver = await new LocalReceiver().start();
const fixture = await createBenchFixture(databaseUrl, receiver.url);
await failLeftoverDeliveries(fixture.prisma);
const print = (line: object) => console.log(JSON.stringify(line));

async function withService<T>(service: BenchService, run: (service: BenchService) => Promise<T>): Promise<T> {
  try {
    return await run(service);
  } finally {
    await service.stop();
    await service.dropQueues();
    await failLeftoverDeliveries(fixture.prisma);
  }
}

/** API + workers (or API + worker processes): closed-loop posting, arrivals matched to sends. */
async function pipeline(connections: number) {
  return withService(await new BenchService(fixture, redisUrl).start({ workerProcesses }), async (service) => {
    const receivedBefore = receiver.received;
    const cpuBefore = service.cpuMs();
    const windowStart = Date.now();
    const run = await postClosedLoop(service.base, fixture.submitPath, fixture.postingKey, { connections, seconds, warmupSeconds });
    const cpu = service.cpuMs() - cpuBefore;
    const deliveredInWindow = receiver.received - receivedBefore;
    const windowSeconds = (Date.now() - windowStart) / 1000;
    const drainDeadline = Date.now() + 30_000;
    while (Date.now() < drainDeadline && [...run.sentAt.keys()].some((r) => !receiver.arrivals.has(r)))
      await new Promise((r) => setTimeout(r, 100));
    const deliveryMs = [...run.sentAt].filter(([r]) => receiver.arrivals.has(r)).map(([r, sent]) => receiver.arrivals.get(r)! - sent);
    return {
      mode: "pipeline",
      connections,
      worker_processes: workerProcesses,
      seconds: run.seconds,
      accepted_per_second: Math.round(run.accepted / run.seconds),
      // Deliveries that reached the endpoint while leads were posted (warm-up included), per second.
      delivered_per_second: Math.round(deliveredInWindow / windowSeconds),
      accepted: run.accepted,
      rejected: run.rejected,
      intake_ms_p50: percentile(run.intakeMs, 50),
      intake_ms_p99: percentile(run.intakeMs, 99),
      delivered: deliveryMs.length,
      intake_to_destination_ms_p50: percentile(deliveryMs, 50),
      intake_to_destination_ms_p99: percentile(deliveryMs, 99),
      service_cpu_ms_per_lead: run.accepted ? Math.round((cpu / (run.accepted + connections * warmupSeconds)) * 100) / 100 : null,
    };
  });
}

/** Intake alone vs the bare baseline, interleaved so both see the same machine. */
async function intakeVersusBaseline(connections: number, rounds: number) {
  const sides = { baseline: { accepted: 0, seconds: 0, ms: [] as number[] }, intake: { accepted: 0, seconds: 0, ms: [] as number[] } };
  for (let round = 1; round <= rounds; round++) {
    for (const side of ["baseline", "intake"] as const) {
      const service = new BenchService(fixture, redisUrl);
      await withService(await service.start(side === "baseline" ? { entry: "bench/bare-baseline.ts" } : { apiOnly: true }), async () => {
        const run = await postClosedLoop(service.base, fixture.submitPath, fixture.postingKey, { connections, seconds, warmupSeconds });
        sides[side].accepted += run.accepted;
        sides[side].seconds += run.seconds;
        sides[side].ms.push(...run.intakeMs);
        print({
          mode: `intake-${side}`,
          round,
          connections,
          accepted_per_second: Math.round(run.accepted / run.seconds),
          intake_ms_p50: percentile(run.intakeMs, 50),
          intake_ms_p99: percentile(run.intakeMs, 99),
        });
      });
    }
  }
  const rate = (side: keyof typeof sides) => sides[side].accepted / sides[side].seconds;
  return {
    mode: "intake",
    connections,
    rounds,
    baseline_per_second: Math.round(rate("baseline")),
    intake_per_second: Math.round(rate("intake")),
    throughput_ratio: Math.round((rate("intake") / rate("baseline")) * 100) / 100,
    baseline_ms_p99: percentile(sides.baseline.ms, 99),
    intake_ms_p99: percentile(sides.intake.ms, 99),
    p99_ratio: Math.round((percentile(sides.intake.ms, 99)! / percentile(sides.baseline.ms, 99)!) * 100) / 100,
    baseline_ms_p50: percentile(sides.baseline.ms, 50),
    intake_ms_p50: percentile(sides.intake.ms, 50),
  };
}

/** N leads queued by the API alone, then delivered by the service's workers: deliveries per second. */
async function drain(count: number) {
  const service = new BenchService(fixture, redisUrl);
  return withService(service, async () => {
    await service.start({ apiOnly: true });
    const pool = new Pool(service.base, { connections: 32, pipelining: 1 });
    let next = 0;
    const references: string[] = [];
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < count) {
          const reference = `d${next++}-${service.prefix}`;
          const { statusCode, body } = await pool.request({
            method: "POST",
            path: fixture.submitPath,
            headers: { "content-type": "application/json", authorization: `Bearer ${fixture.postingKey}` },
            body: benchLead(reference),
          });
          await body.text();
          if (statusCode === 201) references.push(reference);
        }
      }),
    );
    await pool.close();
    await service.stop();
    const receivedBefore = receiver.received;
    const redisBefore = await service.redisCpuMs();
    await service.start({ workerProcesses });
    const cpuBefore = service.cpuMs();
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline && references.some((r) => !receiver.arrivals.has(r))) await new Promise((r) => setTimeout(r, 100));
    const databaseMs = await service.databaseCpuMs();
    const redisMs = (await service.redisCpuMs()) - redisBefore;
    const times = references
      .map((r) => receiver.arrivals.get(r))
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    const span = (times.at(-1)! - times[0]!) / 1000;
    return {
      mode: "drain",
      worker_processes: workerProcesses,
      queued: references.length,
      delivered: times.length,
      duplicates: receiver.received - receivedBefore - times.length,
      seconds: Math.round(span * 10) / 10,
      deliveries_per_second: Math.round((times.length - 1) / span),
      // CPU per delivery: the service's processes, PostgreSQL's backends for the bench database, Redis (all of it).
      service_cpu_ms_per_delivery: Math.round(((service.cpuMs() - cpuBefore) / times.length) * 100) / 100,
      postgres_cpu_ms_per_delivery: Math.round((databaseMs / times.length) * 100) / 100,
      redis_cpu_ms_per_delivery: Math.round((redisMs / times.length) * 100) / 100,
    };
  });
}

async function soakRun(soakSeconds: number, rate?: number) {
  const audience = await addSlackAudience(fixture);
  try {
    const service = new BenchService(fixture, redisUrl, audience.env);
    return await withService(await service.start({ workerProcesses }), async () => {
      let target = rate;
      if (!target) {
        // Capacity: what the pipeline sustains end to end (the lower of intake and delivery).
        const receivedBefore = receiver.received;
        const windowStart = Date.now();
        const probe = await postClosedLoop(service.base, fixture.submitPath, fixture.postingKey, {
          connections: 16,
          seconds: 10,
          warmupSeconds: 2,
        });
        const delivered = (receiver.received - receivedBefore) / ((Date.now() - windowStart) / 1000);
        const capacity = Math.min(probe.accepted / probe.seconds, delivered);
        target = Math.max(1, Math.round(capacity * 0.7));
        print({
          mode: "soak-capacity",
          accepted_per_second: Math.round(probe.accepted / probe.seconds),
          delivered_per_second: Math.round(delivered),
          rate: target,
        });
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline && [...probe.sentAt.keys()].some((r) => !receiver.arrivals.has(r)))
          await new Promise((r) => setTimeout(r, 200));
      }
      return soak(fixture, service, receiver, audience.slack, audience.threadTs, redisUrl, { seconds: soakSeconds, rate: target });
    });
  } finally {
    await audience.slack.close();
  }
}

try {
  if (values.all) {
    print(await intakeVersusBaseline(Number(values.connections ?? 50), Number(values.rounds)));
    print(await pipeline(16));
    print(await pipeline(32));
    print(await drain(20_000));
    print(await soakRun(120));
  } else if (values.intake) print(await intakeVersusBaseline(Number(values.connections ?? 50), Number(values.rounds)));
  else if (values.drain) print(await drain(Number(values.drain)));
  else if (values.soak) print(await soakRun(Number(values.soak), values.rate ? Number(values.rate) : undefined));
  else print(await pipeline(Number(values.connections ?? 32)));
} finally {
  receiver.close();
  await (fixture as BenchFixture).prisma.$disconnect();
}
