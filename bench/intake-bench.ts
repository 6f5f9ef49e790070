import { createServer, type IncomingMessage } from "node:http";
import { nothingCachedYet } from "../core/intake/source-context-changes.ts";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { Pool } from "undici";
import { createAccount } from "../core/accounts/create-account.ts";
import { SecretBox } from "../core/crypto/secret-box.ts";
import { generateEncryptionKey } from "../core/crypto/secret-box.ts";
import { createPrisma } from "../core/db/prisma.ts";
import { createDestination } from "../core/destinations/save-destination.ts";
import { createFlow } from "../core/flows/create-flow.ts";
import { createSource } from "../core/sources/create-source.ts";
import { parseIpNetworkList } from "../core/outbound/ip-network.ts";
import { createOutboundGuard } from "../core/outbound/outbound-guard.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { freePort, spawnTs } from "../test/support/child-process.ts";

/**
 * `npm run bench`: starts the service (`server/main.ts`, API + workers in one process, as
 * `npm start` runs it), posts leads from concurrent keep-alive clients to a webhook destination
 * on this machine that answers at once, and prints one JSON line: accepted leads/s, intake
 * latency p50/p99 and intake-to-destination latency p50/p99.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "32" },
    warmup: { type: "string", default: "2" },
    "worker-processes": { type: "string", default: "0" },
  },
});
// 0: workers inside the API process (`npm start`); N: the API alone plus N `npm run worker` processes.
const workerProcesses = Number(values["worker-processes"]);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const warmupSeconds = Number(values.warmup);

const databaseUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/leadrelay_bench";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const encryptionKey = generateEncryptionKey();
// The destination below listens on this machine: the outbound guard refuses loopback unless opened.
const LOCAL_RECEIVER_NETWORKS = "127.0.0.0/8";

// The destination: answers 200 at once and notes when each lead arrived.
const arrivals = new Map<string, number>();
const destination = createServer((req: IncomingMessage, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const arrived = performance.timeOrigin + performance.now();
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { reference?: string };
    if (body.reference) arrivals.set(body.reference, arrived);
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
});
await new Promise<void>((r) => destination.listen(0, "127.0.0.1", r));
const destinationUrl = `http://127.0.0.1:${(destination.address() as AddressInfo).port}/leads`;

await createDatabaseIfMissing(databaseUrl);
await migrateDatabase(databaseUrl);
const prisma = createPrisma(databaseUrl, 2);
const account = await createAccount(prisma, { name: "Bench buyer", plan: "paid" });
const flow = await createFlow(prisma, { accountId: account.id, name: "Bench", fields: [{ name: "email", required: true }] });
const { source, postingKey } = await createSource(prisma, { flowId: flow.id, name: "Bench seller" });
const hook = await createDestination(
  { prisma, secretBox: new SecretBox(encryptionKey), endpoints: { hubspotApiUrl: "", salesforceLoginUrl: "", outbound: createOutboundGuard({ allowedNetworks: parseIpNetworkList(LOCAL_RECEIVER_NETWORKS), requireHttps: false }) }, timeoutMs: 5_000, publicUrl: "http://127.0.0.1", sourceChanges: nothingCachedYet },
  account.id,
  { integration: "webhook", name: "Bench hook", settings: { url: destinationUrl }, flow_id: flow.id },
  { verify: false },
);
if (!hook.ok) throw new Error("bench destination invalid");

const port = await freePort();
const serviceEnv = {
  PORT: String(port),
  HOST: "127.0.0.1",
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  QUEUE_PREFIX: `bench-${Date.now()}`,
  ENCRYPTION_KEY: encryptionKey,
  LOG_LEVEL: "warn",
  NODE_ENV: "production",
  OUTBOUND_ALLOWED_NETWORKS: LOCAL_RECEIVER_NETWORKS,
  ...(process.env.DELIVERY_CONCURRENCY ? { DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY } : {}),
};
const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean);
const service = spawnTs("server/main.ts", { ...serviceEnv, RUN_WORKERS: workerProcesses > 0 ? "false" : (process.env.RUN_WORKERS ?? "true") }, nodeArgs);
const workers = Array.from({ length: workerProcesses }, () => spawnTs("jobs/main.ts", serviceEnv, nodeArgs));
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/health`)).ok) break;
  } catch {
    if (i > 200) throw new Error(`service did not start:\n${service.output()}`);
  }
  await new Promise((r) => setTimeout(r, 100));
}

const pool = new Pool(base, { connections, pipelining: 1 });
const path = `/flows/${flow.id}/sources/${source.id}/submit`;
const intakeMs: number[] = [];
const sentAt = new Map<string, number>();
let accepted = 0;
let rejected = 0;
let sequence = 0;

async function client(until: number, record: boolean): Promise<void> {
  while (Date.now() < until) {
    const reference = `r${sequence++}`;
    const started = performance.now();
    const { statusCode, body } = await pool.request({
      method: "POST",
      path,
      headers: { "content-type": "application/json", authorization: `Bearer ${postingKey}` },
      body: JSON.stringify({ first_name: "Bench", last_name: "Lead", email: `${reference}@example.com`, phone_1: "512-555-0134", state: "TX", reference }),
    });
    const text = await body.text();
    const elapsed = performance.now() - started;
    if (!record) continue;
    if (statusCode === 201 && text.includes('"success"')) {
      accepted++;
      intakeMs.push(elapsed);
      sentAt.set(reference, performance.timeOrigin + started);
    } else rejected++;
  }
}

await Promise.all(Array.from({ length: connections }, () => client(Date.now() + warmupSeconds * 1000, false)));
const started = Date.now();
await Promise.all(Array.from({ length: connections }, () => client(started + seconds * 1000, true)));
const elapsedSeconds = (Date.now() - started) / 1000;

// Let the queue drain (bounded), then match arrivals to sends.
const drainDeadline = Date.now() + (process.env.RUN_WORKERS === "false" ? 0 : 30_000);
while (Date.now() < drainDeadline && [...sentAt.keys()].some((r) => !arrivals.has(r))) await new Promise((r) => setTimeout(r, 100));
const deliveryMs = [...sentAt].filter(([r]) => arrivals.has(r)).map(([r, sent]) => arrivals.get(r)! - sent);

const percentile = (values: number[], p: number) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
};

await pool.close();
for (const child of [service, ...workers]) {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}
// Drop the run's queue keys (completed jobs are kept for an hour otherwise).
const cleanup = new Redis(redisUrl);
for await (const keys of cleanup.scanStream({ match: `${serviceEnv.QUEUE_PREFIX}:*`, count: 1_000 })) {
  if ((keys as string[]).length) await cleanup.unlink(...(keys as string[]));
}
cleanup.disconnect();
destination.close();
await prisma.$disconnect();

console.log(
  JSON.stringify({
    accepted_per_second: Math.round(accepted / elapsedSeconds),
    accepted,
    rejected,
    connections,
    worker_processes: workerProcesses,
    seconds: elapsedSeconds,
    intake_ms_p50: percentile(intakeMs, 50),
    intake_ms_p99: percentile(intakeMs, 99),
    delivered: deliveryMs.length,
    intake_to_destination_ms_p50: percentile(deliveryMs, 50),
    intake_to_destination_ms_p99: percentile(deliveryMs, 99),
  }),
);
