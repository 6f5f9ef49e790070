import { createServer } from "node:http";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { newId } from "../core/ids.ts";

/**
 * The bare baseline `npm run bench -- --intake` compares intake with: for each POST, one JSON
 * parse, one INSERT and one BullMQ add (no auth, no normalisation, no batching), on the same
 * machine, PostgreSQL and Redis, with the service's pool size. What intake costs beyond the
 * unavoidable minimum is the difference.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 20) });
await pool.query(
  "CREATE TABLE IF NOT EXISTS bench_baseline_leads (id uuid PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
);
const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
const queue = new Queue("baseline", { connection: redis, prefix: process.env.QUEUE_PREFIX });

const server = createServer((req, res) => {
  if (req.url === "/health") return void res.end("ok");
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    void (async () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown>;
        const id = newId();
        await pool.query({
          name: "baseline_insert",
          text: "INSERT INTO bench_baseline_leads (id, body) VALUES ($1, $2)",
          values: [id, body],
        });
        await queue.add("deliver", { id }, { jobId: id, removeOnComplete: true });
        res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ outcome: "success", lead: { id } }));
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    })();
  });
});
server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => {
  server.close();
  void Promise.all([queue.close(), pool.end()]).finally(() => {
    redis.disconnect();
    process.exit(0);
  });
});
