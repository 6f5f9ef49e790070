import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "./slack.ts";
import { waitFor } from "../support/wait-for.ts";
import { startFakeSocketMode, type FakeSocketMode } from "./slack-socket-mode.ts";

/** The Socket Mode fake keeps Slack's rules: which token opens a connection, one connection per ticket, hello first. */
const APP_TOKEN = "xapp-1-A0001-1-fake";
let slack: FakeSlack;
let socket: FakeSocketMode;

beforeAll(async () => {
  slack = await startFakeSlack();
  socket = await startFakeSocketMode({ pingIntervalMs: 0 });
  slack.enableSocketMode(socket, APP_TOKEN);
});

afterAll(async () => {
  await socket?.close();
  await slack?.close();
});

const api = (token: string) => new WebClient(token, { slackApiUrl: `${slack.url}/api/`, retryConfig: { retries: 0 } });

/** Connects to `url`; resolves with the first message, or rejects with the refused handshake's status. */
function firstMessage(url: string): Promise<{ message: Record<string, unknown>; ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("message", (data: Buffer) => resolve({ message: JSON.parse(data.toString("utf8")) as Record<string, unknown>, ws }));
    ws.once("unexpected-response", (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    ws.once("error", reject);
  });
}

describe("fake Slack Socket Mode", () => {
  it("opens connections for the app-level token only, and the app token calls nothing else", async () => {
    await expect(api(SLACK_DEFAULT_TOKEN).apps.connections.open()).rejects.toMatchObject({ data: { error: "not_allowed_token_type" } });
    await expect(api("xapp-1-A0001-1-other").apps.connections.open()).rejects.toMatchObject({ data: { error: "invalid_auth" } });
    await expect(api(APP_TOKEN).chat.postMessage({ channel: "C1", text: "hi" })).rejects.toMatchObject({
      data: { error: "not_allowed_token_type" },
    });
    const opened = await api(APP_TOKEN).apps.connections.open();
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]{36}&app_id=A0001$/);
  });

  it("says hello on a new connection, and a ticket opens one connection only", async () => {
    const { url } = await api(APP_TOKEN).apps.connections.open();
    const { message, ws } = await firstMessage(url!);
    expect(message).toMatchObject({ type: "hello", num_connections: 1, connection_info: { app_id: "A0001" } });
    await expect(firstMessage(url!)).rejects.toThrow("HTTP 401");
    expect(socket.refusedTickets).toBe(1);

    // An envelope is acknowledged by its id; anything else is recorded as stray.
    const delivered = socket.deliver("events_api", { type: "event_callback", event: { type: "app_home_opened" } }, false);
    const envelope = await new Promise<Record<string, unknown>>((resolve) =>
      ws.once("message", (data: Buffer) => resolve(JSON.parse(data.toString("utf8")) as Record<string, unknown>)),
    );
    expect(envelope).toMatchObject({
      type: "events_api",
      accepts_response_payload: false,
      retry_attempt: 0,
      payload: { type: "event_callback" },
    });
    ws.send(JSON.stringify({ envelope_id: "not-an-envelope" }));
    ws.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
    expect(await delivered).toMatchObject({ envelope_id: envelope.envelope_id, payload: {}, connection: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.strayMessages.map((stray) => stray.text)).toEqual(['{"envelope_id":"not-an-envelope"}']);

    // A refresh: the disconnect message, then Slack closes a connection the app keeps open.
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    socket.requestDisconnect("refresh_requested");
    expect(await closed).toBe(1001);
    await waitFor("the fake to see the close", () => socket.openConnections === 0);
  });
});
