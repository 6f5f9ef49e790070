import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { freePort } from "../support/child-process.ts";
import { TEST_DATABASE_URL } from "../support/env.ts";
import { testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { waitFor } from "../support/wait-for.ts";

/** The ```sh blocks of README's "The partner journey with curl" section, in order. */
function journeyBlocks(): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("### The partner journey with curl");
  expect(start, "README has the journey section").toBeGreaterThan(-1);
  const rest = readme.slice(start + 4);
  const section = rest.slice(0, rest.search(/^#{2,3} /m) === -1 ? undefined : rest.search(/^#{2,3} /m));
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

const blocks = journeyBlocks();
// The first block is how the README starts the service; this suite starts it the same way.
const identityApiKey = blocks[0]?.match(/^IDENTITY_API_KEY=(\S+) npm start/m)?.[1];

let service: RunningService;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  const port = await freePort();
  service = await startService(
    testConfig({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, IDENTITY_API_KEY: identityApiKey ?? "" }),
    createLogger("silent"),
  );
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", ["-c", script], {
      cwd: new URL("../..", import.meta.url).pathname,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("README: the partner journey with curl", () => {
  it("starts the service with IDENTITY_API_KEY, then runs as written, in order: the buyer's webhook gets the seller's test lead", async () => {
    expect(blocks).toHaveLength(2);
    expect(identityApiKey, "the first block starts the service with IDENTITY_API_KEY").toBeTruthy();
    // Only where the service and the receiver are differ from a reader's machine (the block
    // reads BASE and WEBHOOK_URL from the environment when set). Pre-scripts are skipped so
    // `npm run account` does not regenerate the Prisma client under the other suites.
    const run = await runBash(`set -euo pipefail\n${blocks[1]}\necho "JOURNEY $BUYER_KEY $CONNECTION_ID $DESTINATION_ID"`, {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      DATABASE_URL: TEST_DATABASE_URL,
      BASE: service.url,
      WEBHOOK_URL: `${receiver.url}/journey`,
      npm_config_ignore_scripts: "true",
    });
    expect(run.code, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
    const [, buyerKey, connectionId, destinationId] = run.stdout.trim().split("\n").at(-1)!.split(" ");

    // Both test leads (the buyer's and the seller's) reach the webhook.
    await waitFor("both test leads at the buyer's webhook", () => receiver.requestsTo("POST /journey").length >= 2);
    const seller = receiver.requestsTo("POST /journey").map((request) => request.body as Record<string, unknown>);
    expect(seller).toContainEqual(expect.objectContaining({ email: "test@example.com" }));

    const headers = { authorization: `Bearer ${buyerKey}` };
    const connection = (await (await fetch(`${service.url}/connections/${connectionId}`, { headers })).json()) as { status: string };
    expect(connection.status).toBe("active");
    const destination = (await (await fetch(`${service.url}/destinations/${destinationId}`, { headers })).json()) as {
      integration: string;
    };
    expect(destination.integration).toBe("webhook");
    // The journey's last command printed the buyer's events, the seller's lead among them.
    expect(run.stdout).toMatch(/"type":"source"/);
  }, 120_000); // a dozen node and npm processes: slow on a loaded 2-core machine
});
