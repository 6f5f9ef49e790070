import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { type SlackDriver, slackSignature } from "../support/slack-driver.ts";
import { startSlackBotService } from "../support/slack-bot-service.ts";
import { waitFor } from "../support/wait-for.ts";

/** The Bolt receiver mounted in the Hono server: Slack's signature, body formats and acks. */
let slack: FakeSlack;
let service: RunningService;
let driver: SlackDriver;

beforeAll(async () => {
  slack = await startFakeSlack({ users: [{ id: "U0NOBODY", email: "nobody@receiver.example", realName: "No Body" }] });
  ({ service, driver } = await startSlackBotService(slack, { RUN_WORKERS: "false" }));
});

afterAll(async () => {
  await service?.close();
  await slack?.close();
});

async function post(body: string, headers: Record<string, string>) {
  const res = await fetch(`${service.url}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe("Slack request receiver (/slack/events)", () => {
  const challenge = JSON.stringify({
    token: "x",
    challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    type: "url_verification",
  });

  it("answers url_verification with its challenge when the signature is right", async () => {
    const res = await driver.postRaw(challenge, "application/json");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("refuses a bad signature with 401", async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await post(challenge, {
      "x-slack-request-timestamp": String(now),
      "x-slack-signature": slackSignature(challenge, now, "not-the-signing-secret"),
    });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain("3eZbrw1a");
  });

  it("refuses a body that was changed after signing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await post(challenge.replace("3eZ", "XXX"), {
      "x-slack-request-timestamp": String(now),
      "x-slack-signature": slackSignature(challenge, now),
    });
    expect(res.status).toBe(401);
  });

  it("refuses a stale (replayed) request with 401, even correctly signed", async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await post(challenge, {
      "x-slack-request-timestamp": String(stale),
      "x-slack-signature": slackSignature(challenge, stale),
    });
    expect(res.status).toBe(401);
    const future = Math.floor(Date.now() / 1000) + 10 * 60;
    expect(
      (await post(challenge, { "x-slack-request-timestamp": String(future), "x-slack-signature": slackSignature(challenge, future) }))
        .status,
    ).toBe(401);
  });

  it("refuses a request without signature headers with 401", async () => {
    expect((await post(challenge, {})).status).toBe(401);
  });

  it("answers a slash command with the handler's ack body (form body)", async () => {
    const res = await driver.command("U0NOBODY", "help");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("/leadrelay status") });
  });

  it("acks an Events API callback with an empty 200 and still runs the listener", async () => {
    const res = await driver.event({
      type: "app_home_opened",
      user: "U0NOBODY",
      channel: "D0NOBODY",
      tab: "home",
      event_ts: "1700000000.000100",
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const home = await waitFor("home published", () => slack.calls("views.publish").at(-1));
    expect(JSON.stringify(home.args)).toContain("No leadrelay account is linked to *nobody@receiver.example*");
  });

  it("answers an unparseable body with 400", async () => {
    const res = await driver.postRaw("not json", "application/json");
    expect(res.status).toBe(400);
  });
});
