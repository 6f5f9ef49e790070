import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { startSlackBotService } from "../support/slack-bot-service.ts";

/**
 * Names Object.prototype carries: a subcommand, action id or callback id equal to one of them
 * must be "unknown", never a lookup that finds the prototype's member (issue 9, item 9).
 */
const PROTOTYPE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupSetter__",
];

let slack: FakeSlack;
let service: RunningService;
let driver: SlackDriver;
const log: string[] = [];
const USER = { id: uniqueSlackUserId("PROTO"), email: "proto@prototype-names.example", realName: "Proto Type" };

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on("data", (chunk: Buffer) => log.push(...chunk.toString("utf8").split("\n").filter(Boolean)));
  slack = await startFakeSlack({ users: [USER] });
  ({ service, driver } = await startSlackBotService(slack, { RUN_WORKERS: "false" }, createLogger("warn", stream)));
});

afterAll(async () => {
  await service?.close();
  await slack?.close();
});

describe("/leadrelay with a name Object.prototype has", () => {
  it.each(PROTOTYPE_NAMES)("/leadrelay %s is an unknown subcommand: the help", async (name) => {
    for (const text of [name, name.toUpperCase(), `${name} status`]) {
      const res = await driver.command(USER.id, text);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("/leadrelay status") });
      expect(res.text).not.toContain("Something went wrong");
    }
  });

  it("never logs a handler that is not a function", () => {
    expect(log.filter((line) => /not a function|\/leadrelay failed/.test(line))).toEqual([]);
  });
});

describe("interactions naming Object.prototype members", () => {
  /** A raw interaction payload (not found in anything the bot posted), signed and posted as Slack does. */
  function interaction(payload: Record<string, unknown>) {
    const envelope = {
      team: { id: "T0001", domain: "acme" },
      user: { id: USER.id, username: "proto", name: "proto", team_id: "T0001" },
      api_app_id: "A0001",
      token: "legacy-verification-token",
    };
    return driver.postRaw(
      new URLSearchParams({ payload: JSON.stringify({ ...payload, ...envelope }) }).toString(),
      "application/x-www-form-urlencoded",
    );
  }

  it("a button or view with such an action / callback id is answered, not a 5xx", async () => {
    for (const name of PROTOTYPE_NAMES) {
      const click = await interaction({
        type: "block_actions",
        trigger_id: "1.1700000000.proto",
        container: { type: "message", message_ts: "1700000000.000100", channel_id: "D0PROTO", is_ephemeral: false },
        channel: { id: "D0PROTO", name: "directmessage" },
        message: { type: "message", ts: "1700000000.000100", text: "x" },
        actions: [{ action_id: name, block_id: name, type: "button", value: name, action_ts: "1700000000.1" }],
      });
      expect(click.status, `action ${name}`).toBeLessThan(500);
      const submit = await interaction({
        type: "view_submission",
        trigger_id: "2.1700000000.proto",
        view: {
          id: "V0PROTO",
          type: "modal",
          callback_id: name,
          private_metadata: name,
          blocks: [],
          state: { values: { [name]: { [name]: { type: "plain_text_input", value: name } } } },
          hash: "h",
        },
        response_urls: [],
      });
      expect(submit.status, `view ${name}`).toBeLessThan(500);
    }
  });
});
