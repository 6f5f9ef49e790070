import { Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../core/config.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { startFakeSocketMode, type FakeConnection, type FakeSocketMode } from "../fakes/slack-socket-mode.ts";
import { ApiClient } from "../support/api-client.ts";
import { invite } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { SlackDriver, TEST_TEAM, uniqueSlackUserId } from "../support/slack-driver.ts";
import { SocketModeTransport } from "../support/socket-mode-transport.ts";
import { testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * The bot in Socket Mode (SLACK_APP_TOKEN, no public URL, no signing secret): it opens its
 * connection with `apps.connections.open` on the (fake) Web API, gets Slack's requests as
 * envelopes over the WebSocket and acknowledges each one there; when Slack asks it to reconnect
 * it opens a new connection and carries on. The same journey as over HTTP, through the same
 * SlackDriver with the Socket Mode transport.
 */
const APP_TOKEN = "xapp-1-A0001-1234567890-0123456789abcdef0123456789abcdef";
const BUYER = { id: uniqueSlackUserId("SOCK"), email: `sue@${uniqueDomain("socketco")}`, realName: "Sue Socket" };
const TOKEN_BLOCK = "cred.hubspot.private-app.accessToken";
/** The Socket Mode client waits 5 s (its clientPingTimeout) before it reconnects; a loaded machine gets six times that. */
const RECONNECT_WITHIN_MS = 30_000;

let slack: FakeSlack;
let socket: FakeSocketMode;
let hubspot: FakeHubSpot;
let service: RunningService;
let driver: SlackDriver;
/** Everything the service logged, at the chattiest level (the Socket Mode client's debug lines included). */
const logged: string[] = [];

beforeAll(async () => {
  slack = await startFakeSlack({ users: [BUYER] });
  // Acks are waited for up to 15 s, not Slack's 3: on a loaded CI machine a slow ack is not the bug this suite looks for.
  // Slack drops a refreshed connection some seconds later; the app must close it itself before that.
  socket = await startFakeSocketMode({ pingIntervalMs: 500, ackDeadlineMs: 15_000, refreshGraceMs: 10_000 });
  slack.enableSocketMode(socket, APP_TOKEN);
  hubspot = await startFakeHubSpot();
  service = await startService(
    testConfig({
      SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: `${slack.url}/api/`,
      HUBSPOT_API_URL: hubspot.url,
      SLACK_CHANNEL_INTERVAL_MS: "0",
    }),
    createLogger("trace", new Writable({ write: (chunk: Buffer, _encoding, done) => (logged.push(chunk.toString("utf8")), done()) })),
  );
  driver = new SlackDriver(service.url, slack, TEST_TEAM, new SocketModeTransport(socket));
  await service.slackReady;
});

let envelopesBefore = 0;
beforeEach(() => {
  envelopesBefore = socket.envelopes.length;
});

afterEach(() => {
  expect(slack.refusedViews()).toEqual([]);
  // Every envelope of the test was acknowledged exactly once, on the connection it came on.
  for (const envelope of socket.envelopes.slice(envelopesBefore)) {
    const acks = socket.acksOf(envelope.envelope_id);
    expect(acks, `${envelope.type} ${JSON.stringify(envelope.payload).slice(0, 80)}`).toHaveLength(1);
    expect(acks[0]!.connection).toBe(envelope.connection);
  }
  expect(socket.strayMessages).toEqual([]);
});

afterAll(async () => {
  await service?.close();
  await socket?.close();
  await hubspot?.close();
  await slack?.close();
});

/** Slack asks the app to reconnect; resolves with the new connection once the app has opened it. */
async function reconnect(reason: "refresh_requested" | "warning"): Promise<FakeConnection> {
  const old = socket.requestDisconnect(reason);
  const next = await waitFor(
    `a new connection after "${reason}"`,
    () => (socket.activeConnection && socket.activeConnection.id > old.id ? socket.activeConnection : undefined),
    RECONNECT_WITHIN_MS,
  );
  // The app closed the old connection itself, cleanly, without waiting for Slack to drop it.
  expect(old.open).toBe(false);
  expect(old.closeCode).toBe(1000);
  expect(socket.openConnections).toBe(1);
  return next;
}

describe("Slack bot in Socket Mode", () => {
  it("connects with the app-level token at start-up, and has no /slack/events URL", async () => {
    // slackReady settles once Slack's hello arrived.
    await service.slackReady;
    expect(logged.join("")).toContain("Slack Socket Mode connected");
    expect(socket.activeConnection).toMatchObject({ id: 1, appId: "A0001", open: true });
    const opens = slack.calls("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]!.token).toBe(APP_TOKEN);
    // The app token opens connections only; the bot token does the Web API calls.
    expect(
      slack
        .calls()
        .filter((call) => call.token === APP_TOKEN)
        .map((call) => call.method),
    ).toEqual(["apps.connections.open"]);
    expect(socket.refusedTickets).toBe(0);

    const posted = await fetch(`${service.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(posted.status).toBe(404);
  });

  it("answers a slash command in its ack, and acks an event bare while the listener still runs", async () => {
    const help = await driver.command(BUYER.id, "help");
    expect(help.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("/leadrelay status") });

    const before = slack.calls("views.publish").length;
    const opened = await driver.event({
      type: "app_home_opened",
      user: BUYER.id,
      channel: "D0SOCKET",
      tab: "home",
      event_ts: "1700000000.000300",
    });
    expect(opened.json).toBeNull();
    expect(socket.acks.at(-1)!.payload).toEqual({});
    await waitFor("home published", () => slack.calls("views.publish").length > before);
  });

  it("acknowledges a click on a button the bot no longer knows (an old message), as over HTTP", async () => {
    const response = await driver.transport.send({
      kind: "interactive",
      payload: {
        type: "block_actions",
        team: TEST_TEAM,
        user: { id: BUYER.id, username: "sue", name: "sue", team_id: TEST_TEAM.id },
        api_app_id: "A0001",
        trigger_id: "1.1700000000.old",
        container: { type: "message", message_ts: "1700000000.000001", channel_id: "D0SOCKET", is_ephemeral: false },
        channel: { id: "D0SOCKET", name: "directmessage" },
        actions: [{ action_id: "retired_button", block_id: "old", type: "button", value: "x", action_ts: "1700000000.1" }],
      },
    });
    expect(response.status).toBe(200);
  });

  it("takes an invited buyer from the DM to a delivered test lead over the socket, reconnecting when Slack asks", async () => {
    const seller = await seedAccount(service.prisma, { name: "Socket Sellers", plan: "paid" });
    const sent = await invite(new ApiClient(service.url, seller.accountKey), BUYER.email, {
      fields: ["first_name", "last_name", "email", "phone_1"],
    });

    // 1. Accept → the company modal.
    const dm = await waitFor("invitation DM", () => driver.messages(sent.id).find((m) => !m.thread_ts));
    await driver.click(BUYER.id, dm, "invitation_accept");
    const companyView = await waitFor("company modal", () => driver.view("onboarding_company"));

    // 2. Company name → partner account, connection, the destination choice in the thread.
    expect((await driver.submit(BUYER.id, companyView, { company: "Socket Mortgages" })).status).toBe(200);
    const connected = await waitFor("connected message", () => driver.messages("connected to Socket Sellers", dm.ts)[0]);

    // Slack recycles the connection: the app opens a new one (a new apps.connections.open) and goes on there.
    const second = await reconnect("refresh_requested");
    expect(slack.calls("apps.connections.open")).toHaveLength(2);

    // 3. HubSpot → the destination modal, on the new connection.
    const modal = await driver.modalOpenedBy("destination_configure", async () => {
      await driver.click(BUYER.id, connected, "destination_create:hubspot");
      expect(socket.envelopes.at(-1)!.connection).toBe(second.id);
    });

    // 4. Save and verify: the ack's payload carries the response_action that turns the modal into the test form.
    const saved = await driver.submit(BUYER.id, modal, { name: "Sue's HubSpot", [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN });
    expect(saved.json).toMatchObject({ response_action: "update" });
    expect(socket.envelopes.at(-1)).toMatchObject({ type: "interactive", accepts_response_payload: true });
    // On a slow machine the check outlasts SLACK_ACK_BUDGET_MS: the ack shows "Checking…" and views.update brings the form.
    const testForm =
      (saved.json?.view as { callback_id?: string } | undefined)?.callback_id === "test_lead_send"
        ? SlackDriver.updated(modal, saved)
        : await waitFor("test lead form after the check", () =>
            slack.openedViews().find((v) => v.id === modal.id && v.callback_id === "test_lead_send"),
          );

    // A warning ahead of a refresh: the app reconnects at once too.
    const third = await reconnect("warning");

    // 5. Send test lead → delivered to HubSpot, the result in the thread.
    expect((await driver.submit(BUYER.id, testForm, { "lead.first_name": "Socket" })).status).toBe(200);
    expect(socket.envelopes.at(-1)!.connection).toBe(third.id);
    const result = await waitFor("test result", () => driver.messages("Test lead delivered", dm.ts)[0], 15_000);
    expect(JSON.stringify(result.blocks)).toMatch(/HubSpot contact \d+ created/);
    expect(hubspot.contactsByEmail("test.lead@example.com").filter((c) => c.properties.firstname === "Socket")).toHaveLength(1);

    expect(socket.envelopes.map((envelope) => envelope.type)).toEqual(
      expect.arrayContaining(["interactive", "slash_commands", "events_api"]),
    );
    expect(JSON.stringify(slack.calls())).not.toContain(HUBSPOT_DEFAULT_TOKEN);
    // The Socket Mode client logs every message it gets and sends at debug: the typed token is not in the logs even at trace.
    expect(logged.join("")).toContain("Socket Mode");
    expect(logged.join("")).not.toContain(HUBSPOT_DEFAULT_TOKEN);
    expect(logged.join("")).not.toContain(APP_TOKEN);
  }, 120_000);
});

describe("Socket Mode set up wrong", () => {
  it("refuses a bot token in SLACK_APP_TOKEN at start-up, naming the variable", () => {
    expect(() => testConfig({ SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN, SLACK_APP_TOKEN: SLACK_DEFAULT_TOKEN })).toThrow(ConfigError);
    expect(() => testConfig({ SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN, SLACK_APP_TOKEN: SLACK_DEFAULT_TOKEN })).toThrow(
      /SLACK_APP_TOKEN: an app-level token \(xapp-/,
    );
  });

  it("runs the API and says why the bot is off when Slack refuses the app token, or cannot be reached", async () => {
    const lines: string[] = [];
    const logger = () =>
      createLogger("info", new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString("utf8")), done()) }));
    const settings = { SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN, RUN_WORKERS: "false" };
    const [refused, unreachable] = await Promise.all([
      // A token from another app (or revoked): apps.connections.open answers invalid_auth.
      startService(
        testConfig({ ...settings, SLACK_APP_TOKEN: "xapp-1-A0002-000-not-this-apps-token", SLACK_API_URL: `${slack.url}/api/` }),
        logger(),
      ),
      // Nothing listens at the Slack API URL: the Socket Mode client keeps retrying; the rest must not wait for it.
      startService(testConfig({ ...settings, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: "http://127.0.0.1:9/api/" }), logger()),
    ]);
    try {
      await refused.slackReady;
      const refusal = lines
        .map((line) => JSON.parse(line) as { msg: string; err?: string })
        .find((line) => line.msg.startsWith("Slack Socket Mode did not connect"));
      expect(refusal?.err).toContain("invalid_auth");
      for (const running of [refused, unreachable]) expect((await fetch(`${running.url}/health`)).status).toBe(200);
      expect(socket.refusedTickets).toBe(0);
    } finally {
      await Promise.all([refused.close(), unreachable.close()]);
    }
  });
});
