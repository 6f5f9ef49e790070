import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { freePort, spawnTs } from "../test/support/child-process.ts";
import { LOCAL_RECEIVER_NETWORKS, type BenchFixture } from "./bench-fixture.ts";

type Child = ReturnType<typeof spawnTs>;

/**
 * The service as the bench runs it: `server/main.ts` (API, and workers unless `apiOnly`) plus
 * `workerProcesses` × `jobs/main.ts`, each a real child process with its own queue prefix, so a
 * run never meets a test's or another run's jobs. BENCH_NODE_ARGS adds node flags (e.g. --cpu-prof).
 */
export class BenchService {
  readonly prefix = `bench-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  base = "";
  private children: Child[] = [];

  constructor(
    private readonly fixture: BenchFixture,
    private readonly redisUrl: string,
    private readonly extraEnv: Record<string, string> = {},
  ) {}

  env(): Record<string, string> {
    const passThrough = ["DELIVERY_CONCURRENCY", "INTERACTIVE_DELIVERY_CONCURRENCY", "DATABASE_POOL_SIZE", "NOTIFY_CONCURRENCY"];
    return {
      HOST: "127.0.0.1",
      DATABASE_URL: this.fixture.databaseUrl,
      REDIS_URL: this.redisUrl,
      QUEUE_PREFIX: this.prefix,
      ENCRYPTION_KEY: this.fixture.encryptionKey,
      LOG_LEVEL: "warn",
      NODE_ENV: "production",
      OUTBOUND_ALLOWED_NETWORKS: LOCAL_RECEIVER_NETWORKS,
      ...Object.fromEntries(passThrough.filter((name) => process.env[name]).map((name) => [name, process.env[name]!])),
      ...this.extraEnv,
    };
  }

  /** Starts the API (with workers inside unless `apiOnly`) and `workerProcesses` worker processes; resolves once /health answers. */
  async start(options: { apiOnly?: boolean; workerProcesses?: number; entry?: string } = {}): Promise<this> {
    const port = await freePort();
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean);
    const workers = options.workerProcesses ?? 0;
    const env = { ...this.env(), PORT: String(port) };
    this.children.push(
      spawnTs(options.entry ?? "server/main.ts", { ...env, RUN_WORKERS: options.apiOnly || workers > 0 ? "false" : "true" }, nodeArgs),
    );
    for (let i = 0; i < workers; i++) this.children.push(spawnTs("jobs/main.ts", env, nodeArgs));
    this.base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${this.base}/health`)).ok) break;
      } catch {
        if (i > 300) throw new Error(`service did not start:\n${this.children[0]!.output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return this;
  }

  /** Starts `jobs/main.ts` processes only (delivery without the API). */
  startWorkers(count: number): void {
    const nodeArgs = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean);
    for (let i = 0; i < count; i++) this.children.push(spawnTs("jobs/main.ts", this.env(), nodeArgs));
  }

  /** CPU time (user + system, ms) the service's processes have used so far (Linux /proc). */
  cpuMs(): number {
    return this.children.reduce((ticks, child) => ticks + procTicks(child.pid!), 0) * 10;
  }

  /** CPU time (ms) used so far by PostgreSQL backends connected to the bench database (those alive now). */
  async databaseCpuMs(): Promise<number> {
    const rows = await this.fixture.prisma.$queryRaw<
      { pid: number }[]
    >`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
    let ticks = 0;
    for (const { pid } of rows) ticks += procTicks(pid);
    return ticks * 10;
  }

  /** CPU time (ms) Redis has used (the whole server: exact only when the bench has it to itself). */
  async redisCpuMs(): Promise<number> {
    const redis = new Redis(this.redisUrl);
    const info = await redis.info("cpu");
    redis.disconnect();
    const value = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
    return Math.round((value("used_cpu_sys") + value("used_cpu_user")) * 1000);
  }

  async stop(): Promise<void> {
    for (const child of this.children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    this.children = [];
  }

  /** Drops the run's queue keys (completed jobs are otherwise kept for an hour). */
  async dropQueues(): Promise<void> {
    const redis = new Redis(this.redisUrl);
    for await (const keys of redis.scanStream({ match: `${this.prefix}:*`, count: 1_000 })) {
      if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
    }
    redis.disconnect();
  }
}

/** User + system clock ticks (1/100 s) a process has used; 0 once it has exited. */
function procTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}
