import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadLogSettings } from "../../core/config.ts";
import { chooseLogFormat, createLogger, type LogFormat } from "../../core/logger.ts";
import { spawnTs } from "../support/child-process.ts";
import { TEST_DATABASE_URL, TEST_REDIS_URL } from "../support/env.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";

/**
 * Logs are readable lines when a person watches them (stdout is a terminal, or LOG_FORMAT=pretty)
 * and JSON for machines otherwise (LOG_FORMAT=json forces it); secrets are redacted in both; and
 * start-up says when it created the database and applied migrations.
 */

/** util-linux `script` gives the child a pseudo-terminal (Debian, CI); BSD/macOS `script` takes other arguments. */
const hasUtilLinuxScript = /util-linux/.test(spawnSync("script", ["--version"], { encoding: "utf8" }).stdout ?? "");

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const databases: string[] = [];

/** A database name no one uses yet (start-up creates it); dropped after the suite. */
function freshDatabaseUrl(): string {
  const name = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_logs_${randomBytes(4).toString("hex")}`;
  databases.push(name);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  for (const name of databases) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
});

function serviceEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `lrtest-${randomBytes(4).toString("hex")}`,
    ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    RUN_WORKERS: "false",
    LOG_LEVEL: "info",
    ...extra,
  };
}

/**
 * `npm start`'s entry point until it says it is listening, then SIGTERM; its output without colours.
 * `terminal`: stdout is a pseudo-terminal (util-linux `script`), as when a person runs it.
 */
async function startAndStop(env: Record<string, string>, terminal: boolean): Promise<string> {
  const child = terminal
    ? spawn("script", ["-qefc", `${JSON.stringify(process.execPath)} --import tsx server/main.ts`, "/dev/null"], {
        env: { PATH: process.env.PATH ?? "", ...env },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      })
    : spawnTs("server/main.ts", env);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("leadrelay is listening")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the service did not start; output:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The whole group: `script` and the service under it.
  if (terminal) process.kill(-child.pid!, "SIGTERM");
  else child.kill("SIGTERM");
  await exited;
  return output.replace(ANSI, "").replace(/\r/g, "");
}

function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("LOG_FORMAT", () => {
  it("is pretty on a terminal and JSON otherwise, unless forced", () => {
    expect(chooseLogFormat("auto", true)).toBe("pretty");
    expect(chooseLogFormat("auto", false)).toBe("json");
    expect(chooseLogFormat("json", true)).toBe("json");
    expect(chooseLogFormat("pretty", false)).toBe("pretty");
    expect(loadLogSettings({})).toEqual({ LOG_LEVEL: "info", LOG_FORMAT: "auto" });
    expect(() => loadLogSettings({ LOG_FORMAT: "colour" })).toThrow(ConfigError);
    expect(() => loadLogSettings({ LOG_FORMAT: "colour" })).toThrow(/LOG_FORMAT/);
  });

  it.each<LogFormat>(["json", "pretty"])("redacts secrets and lead data in %s lines", (format) => {
    let text = "";
    const logger = createLogger(
      "info",
      new Writable({ write: (chunk: Buffer, _encoding, done) => ((text += chunk.toString()), done()) }),
      format,
    );
    logger.info(
      { headers: { authorization: "Bearer sk-live-secret" }, destination: { token: "pat-secret", email: "ada@example.com" } },
      "calling the destination",
    );
    expect(text).toContain("calling the destination");
    expect(text).toContain("[redacted]");
    for (const secret of ["sk-live-secret", "pat-secret", "ada@example.com"]) expect(text).not.toContain(secret);
    if (format === "json") expect(JSON.parse(text)).toMatchObject({ level: 30, msg: "calling the destination" });
    else expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: calling the destination\n/);
  });
});

describe("start-up log lines", () => {
  it.skipIf(!hasUtilLinuxScript)(
    "on a terminal: readable lines saying the database was created and migrated",
    async () => {
      const terminal = await startAndStop(serviceEnv(freshDatabaseUrl()), true);
      expect(terminal).toMatch(/^\[[\d:.]+\] INFO: database created\n\s+database: "leadrelay_test\w*_logs_[0-9a-f]{8}"$/m);
      expect(terminal).toMatch(/^\[[\d:.]+\] INFO: migrations applied: \d+$/m);
      expect(terminal).toMatch(/^\[[\d:.]+\] INFO: leadrelay is listening$/m);
      expect(terminal).not.toMatch(/^\{"level"/m);
    },
    120_000,
  );

  it("into a pipe: JSON with the same lines; LOG_FORMAT=pretty forces readable lines", async () => {
    const [piped, forced] = await Promise.all([
      startAndStop(serviceEnv(freshDatabaseUrl()), false),
      startAndStop(serviceEnv(TEST_DATABASE_URL, { LOG_FORMAT: "pretty" }), false),
    ]);

    // Into a pipe (a log collector): JSON.
    const lines = jsonLines(piped);
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(
      expect.arrayContaining(["database created", expect.stringMatching(/^migrations applied: \d+$/), "leadrelay is listening"]),
    );
    const migrated = lines.find((line) => String(line.msg).startsWith("migrations applied"))!;
    expect(migrated.applied).toEqual(expect.arrayContaining([expect.stringMatching(/^\d{14}_/)]));
    expect(messages.indexOf("database created")).toBeLessThan(messages.indexOf("leadrelay is listening"));
    expect(piped).not.toContain(TEST_ENCRYPTION_KEY);

    // LOG_FORMAT=pretty into a pipe; the database exists and is migrated already, so neither line.
    expect(forced).toMatch(/^\[[\d:.]+\] INFO: leadrelay is listening$/m);
    expect(forced).not.toContain("database created");
    expect(forced).not.toContain("migrations applied");
    expect(forced).not.toMatch(/^\{"level"/m);
  }, 120_000);
});
