import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { TEST_SIGNING_SECRET } from "../support/slack-driver.ts";
import { seedAccount, type SeededAccount } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";
import { rawExchange } from "./raw-http.ts";

/**
 * Issue 9 item 5: a client that stops sending (headers half sent, a chunked body that stops, a
 * Content-Length larger than what it sends) held a connection for minutes. With the timeouts set
 * short here (HTTP_HEADERS_TIMEOUT_MS 1 s, HTTP_REQUEST_TIMEOUT_MS 2 s) each gets 408 and the
 * connection is closed within a bounded time, on the intake, the management API and Slack.
 */
const HEADERS_MS = 1_000;
const REQUEST_MS = 2_000;
const GIVE_UP_MS = REQUEST_MS + 4_000;

let slack: FakeSlack;
let service: RunningService;
let account: SeededAccount;

beforeAll(async () => {
  slack = await startFakeSlack({ users: [] });
  service = await startService(
    testConfig({
      RUN_WORKERS: "false",
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_MS),
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_MS),
      SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN,
      SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
      SLACK_API_URL: `${slack.url}/api/`,
    }),
    createLogger("silent"),
  );
  account = await seedAccount(service.prisma, { plan: "paid" });
});

afterAll(async () => {
  await service?.close();
  await slack?.close();
});

const ENDPOINTS = [
  {
    what: "the intake",
    line: "POST /flows/0192f0c8-8b3e-7000-8000-000000000001/sources/0192f0c8-8b3e-7000-8000-000000000002/submit HTTP/1.1",
    auth: () => "Bearer lr_src_whatever",
  },
  { what: "PATCH /accounts/me", line: "PATCH /accounts/me HTTP/1.1", auth: () => `Bearer ${account.accountKey}` },
  { what: "/slack/events", line: "POST /slack/events HTTP/1.1", auth: () => "" },
];

function head(line: string, auth: string, extra: string): string {
  return `${line}\r\nHost: localhost\r\nContent-Type: application/json\r\n${auth ? `Authorization: ${auth}\r\n` : ""}${extra}\r\n`;
}

function expect408(result: Awaited<ReturnType<typeof rawExchange>>, withinMs: number) {
  expect(result.status, result.response.slice(0, 200)).toBe(408);
  expect(result.closedByServer).toBe(true);
  expect(result.elapsedMs).toBeLessThan(withinMs);
}

describe("a client that stalls", () => {
  for (const e of ENDPOINTS) {
    describe(`on ${e.what}`, () => {
      it("sending Content-Length: 500 and 20 bytes: 408 and closed after HTTP_REQUEST_TIMEOUT_MS", async () => {
        const result = await rawExchange(
          service.url,
          head(e.line, e.auth(), "Content-Length: 500\r\n") + '{"email":"a@b.co",  ',
          GIVE_UP_MS,
        );
        expect408(result, GIVE_UP_MS);
        expect(result.elapsedMs).toBeGreaterThanOrEqual(REQUEST_MS - 100);
      });

      it("with a chunked body that stops: 408 and closed", async () => {
        const result = await rawExchange(
          service.url,
          head(e.line, e.auth(), "Transfer-Encoding: chunked\r\n") + 'f\r\n{"email":"a@b.c\r\n',
          GIVE_UP_MS,
        );
        expect408(result, GIVE_UP_MS);
      });

      it("sending half the headers: 408 and closed after HTTP_HEADERS_TIMEOUT_MS", async () => {
        const result = await rawExchange(service.url, `${e.line}\r\nHost: localhost\r\nContent-Ty`, GIVE_UP_MS);
        expect408(result, HEADERS_MS + 2_000);
      });
    });
  }

  it("a slow client does not hold up others: /health answers while stalled uploads wait", async () => {
    const stalled = Array.from({ length: 5 }, () =>
      rawExchange(service.url, head("PATCH /accounts/me HTTP/1.1", `Bearer ${account.accountKey}`, "Content-Length: 500\r\n"), GIVE_UP_MS),
    );
    const health = await fetch(`${service.url}/health`, { signal: AbortSignal.timeout(1_000) });
    expect(health.status).toBe(200);
    for (const result of await Promise.all(stalled)) expect(result.status).toBe(408);
  });
});
