import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createPrisma } from "../../core/db/prisma.ts";
import { DisposableRedis, freePort, spawnTs } from "../support/child-process.ts";
import { TEST_DATABASE_URL } from "../support/env.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { rawExchange } from "./raw-http.ts";

/**
 * Issue 9 item 12, with the real `npm start` entry point as a child process: with Redis
 * unreachable SIGTERM used to hang forever, the log filled with stack traces that never named
 * REDIS_URL, /health said 200 "ok", and start-up failures printed raw stacks or blamed PostgreSQL.
 */
const prisma = createPrisma(TEST_DATABASE_URL, 2);
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
let buyer: SeededBuyer;

beforeAll(async () => {
  buyer = await seedBuyer(prisma, secretBox, {
    destination: { integration: "webhook", name: "Hook", settings: { url: "http://127.0.0.1:9/hook" } },
  });
});

afterAll(async () => {
  await prisma.$disconnect();
});

type Child = ReturnType<typeof spawnTs>;

async function startServer(env: Record<string, string>): Promise<{ child: Child; url: string }> {
  const port = await freePort();
  const child = spawnTs("server/main.ts", {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: TEST_DATABASE_URL,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    QUEUE_PREFIX: `lrtest-dying-${port}`,
    // Other suites share the database: a short grace would sweep their pending deliveries into this queue.
    SWEEP_GRACE_MS: "60000",
    LOG_LEVEL: "info",
    SHUTDOWN_TIMEOUT_MS: "2000",
    ...env,
  });
  await waitFor("the service listening", () => child.output().includes("leadrelay is listening") || child.exitCode !== null, 60_000);
  if (child.exitCode !== null) throw new Error(`the service exited: ${child.output()}`);
  return { child, url: `http://127.0.0.1:${port}` };
}

function exited(child: Child, timeoutMs: number): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, ms: 0 });
    const timer = setTimeout(
      () => reject(new Error(`still running after ${timeoutMs} ms; output:\n${child.output().slice(-6000)}`)),
      timeoutMs,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started });
    });
  });
}

/** Runs the entry point to its end (a start-up failure); its output and exit code. */
async function runToExit(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const child = spawnTs("server/main.ts", {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    DATABASE_URL: TEST_DATABASE_URL,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: "info",
    ...env,
  });
  const { code } = await exited(child, 60_000);
  return {
    code,
    lines: child
      .output()
      .split("\n")
      .filter((l) => l.trim()),
  };
}

const linesMatching = (child: Child, pattern: RegExp) =>
  child
    .output()
    .split("\n")
    .filter((l) => pattern.test(l));

async function postLead(url: string) {
  return fetch(`${url}${buyer.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
    body: JSON.stringify({ email: "still.accepted@example.com", first_name: "Ada" }),
    signal: AbortSignal.timeout(10_000),
  });
}

describe("with Redis unreachable (REDIS_URL points where nothing listens)", () => {
  let child: Child;
  let url: string;

  beforeAll(async () => {
    ({ child, url } = await startServer({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }));
  }, 70_000);

  afterAll(() => {
    child?.kill("SIGKILL");
  });

  it("says so once, naming REDIS_URL, instead of a flood of stack traces", async () => {
    await new Promise((r) => setTimeout(r, 3_000)); // many reconnect attempts happen meanwhile
    const warnings = linesMatching(child, /REDIS_URL/);
    expect(warnings, child.output()).toHaveLength(1);
    expect(warnings[0]).toMatch(/"level":40/);
    expect(child.output()).not.toMatch(/worker error|\n\s+at /);
  });

  it("/health is 200 degraded, naming the queue, while a lead is still accepted", async () => {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: "degraded",
      database: "up",
      queue: "down",
      reason: expect.stringContaining("REDIS_URL"),
    });
    const lead = await postLead(url);
    expect(lead.status).toBe(201);
    expect(await lead.json()).toMatchObject({ outcome: "success" });
  });

  it("SIGTERM exits within SHUTDOWN_TIMEOUT_MS", async () => {
    child.kill("SIGTERM");
    const { ms } = await exited(child, 6_000);
    expect(ms).toBeLessThan(2_000 + 1_500);
  });
});

describe("a second signal", () => {
  it("exits at once while the first shutdown still waits", async () => {
    // A stalled upload keeps the HTTP server from closing: the first shutdown waits on it.
    const { child, url } = await startServer({
      SHUTDOWN_TIMEOUT_MS: "30000",
      HTTP_REQUEST_TIMEOUT_MS: "60000",
      HTTP_HEADERS_TIMEOUT_MS: "10000",
    });
    try {
      const stalled = rawExchange(
        url,
        `POST ${buyer.submitPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"a":`,
        20_000,
      );
      await new Promise((r) => setTimeout(r, 300));
      child.kill("SIGTERM");
      await waitFor("the shutdown line", () => child.output().includes("shutting down"), 5_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(child.exitCode).toBeNull();
      child.kill("SIGTERM");
      const { ms } = await exited(child, 3_000);
      expect(ms).toBeLessThan(1_000);
      expect(child.output()).toMatch(/second SIGTERM: exiting at once/);
      await stalled;
    } finally {
      child.kill("SIGKILL");
    }
  }, 70_000);
});

describe("Redis lost while running, then back", () => {
  it("is one warning naming REDIS_URL and one line when it is back", async () => {
    const redis = new DisposableRedis(await freePort());
    await redis.start();
    const { child, url } = await startServer({ REDIS_URL: redis.url });
    try {
      expect(linesMatching(child, /REDIS_URL/)).toHaveLength(0);
      await redis.stop();
      await waitFor("the warning", () => linesMatching(child, /REDIS_URL/).length > 0, 10_000);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(linesMatching(child, /unreachable \(REDIS_URL\)/), child.output()).toHaveLength(1);
      expect((await postLead(url)).status).toBe(201);
      await redis.start();
      await waitFor("the line saying it is back", () => linesMatching(child, /reachable again \(REDIS_URL\)/).length > 0, 15_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(linesMatching(child, /reachable again \(REDIS_URL\)/)).toHaveLength(1);
      expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: "ok", queue: "up" });
      expect(child.output()).not.toMatch(/worker error|\n\s+at /);
    } finally {
      child.kill("SIGKILL");
      await redis.stop();
    }
  }, 90_000);
});

describe("start-up failures are one line naming the variable", () => {
  let occupied: Server;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(port, "127.0.0.1", resolve));
  });

  afterAll(() => {
    occupied?.close();
  });

  it("a port in use names PORT", async () => {
    const { code, lines } = await runToExit({ PORT: String(port), REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(code).not.toBe(0);
    const fatal = lines.filter((l) => /"level":60/.test(l));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toContain(`PORT ${port} is already in use`);
    expect(lines.join("\n")).not.toMatch(/\n\s+at |is PostgreSQL reachable/);
  }, 70_000);

  it("a bad ENCRYPTION_KEY names ENCRYPTION_KEY, not PostgreSQL", async () => {
    const { code, lines } = await runToExit({ PORT: "0", ENCRYPTION_KEY: "too-short" });
    expect(code).not.toBe(0);
    expect(lines.filter((l) => l.includes("ENCRYPTION_KEY"))).toHaveLength(1);
    expect(lines.join("\n")).not.toMatch(/PostgreSQL|\n\s+at /);
  }, 70_000);

  it("an unreachable database names DATABASE_URL", async () => {
    const { code, lines } = await runToExit({ PORT: "0", DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freePort()}/leadrelay` });
    expect(code).not.toBe(0);
    const fatal = lines.filter((l) => /"level":60/.test(l));
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatch(/cannot reach PostgreSQL at DATABASE_URL/);
    expect(lines.join("\n")).not.toMatch(/\n\s+at /);
  }, 70_000);
});
