import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { spawnTs } from "../support/child-process.ts";
import { TEST_DATABASE_URL } from "../support/env.ts";
import { TEST_ENCRYPTION_KEY, TEST_OUTBOUND_ALLOWED_NETWORKS, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { waitFor } from "../support/wait-for.ts";

let service: RunningService;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  service = await startService(testConfig(), createLogger("silent"));
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

describe("npm run demo", () => {
  it("prints, last, the JSON a seller needs to post a lead that reaches the webhook and shows in the buyer's events", async () => {
    const demo = spawnTs(
      "scripts/demo.ts",
      {
        DATABASE_URL: TEST_DATABASE_URL,
        ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        PUBLIC_URL: service.url,
        OUTBOUND_ALLOWED_NETWORKS: TEST_OUTBOUND_ALLOWED_NETWORKS,
      },
      [],
      ["--webhook", `${receiver.url}/demo`],
    );
    const code = await new Promise<number | null>((resolve) => demo.once("exit", resolve));
    expect(code, demo.output()).toBe(0);
    const last = demo.output().trim().split("\n").at(-1)!;
    const printed = JSON.parse(last) as { submit_url: string; api_key: string; account_api_key: string; seller_account_api_key: string };
    expect(Object.keys(printed)).toEqual(expect.arrayContaining(["submit_url", "api_key", "account_api_key", "seller_account_api_key"]));

    const res = await fetch(printed.submit_url, {
      method: "POST",
      headers: { authorization: `Bearer ${printed.api_key}`, "content-type": "application/json" },
      body: JSON.stringify({ first_name: "Ada", email: "ada@example.com", is_test: true }),
    });
    expect(res.status).toBe(201);
    await waitFor("the demo webhook to receive the lead", () => receiver.requestsTo("POST /demo").length === 1);
    const events = (await (
      await fetch(`${service.url}/events`, { headers: { authorization: `Bearer ${printed.account_api_key}` } })
    ).json()) as { events: { type: string }[] };
    expect(events.events.map((e) => e.type)).toContain("source");
    const me = await fetch(`${service.url}/accounts/me`, { headers: { authorization: `Bearer ${printed.seller_account_api_key}` } });
    expect(me.status).toBe(200);
  });
});
