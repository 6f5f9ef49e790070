import { createHmac, randomBytes } from "node:crypto";
import type { FakeSlack, SlackMessage, SlackView } from "../fakes/slack.ts";
import { viewProblems } from "../fakes/slack-view-rules.ts";
import { waitFor } from "./wait-for.ts";

/** SLACK_SIGNING_SECRET of services under test. */
export const TEST_SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
export const TEST_TEAM = { id: "T0001", domain: "acme" };

/**
 * A Slack user id no earlier run used: suites share one database, where a Slack user stays
 * linked to the leadrelay user it first was (slack_identities).
 */
export function uniqueSlackUserId(label: string): string {
  return `U${label.toUpperCase()}${randomBytes(4).toString("hex").toUpperCase()}`;
}

/** The `v0=` signature Slack sends in `x-slack-signature`: HMAC-SHA256 of `v0:<ts>:<body>`. */
export function slackSignature(body: string, timestamp: number, secret = TEST_SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SlackResponse {
  status: number;
  text: string;
  /** The parsed JSON body, when it is JSON (a response_action, an ephemeral reply). */
  json: Record<string, unknown> | null;
}

/** What Slack sends the app, whatever the way it is sent. */
export type SlackRequest =
  | { kind: "command"; fields: Record<string, string> }
  | { kind: "interactive"; payload: Record<string, unknown> }
  | { kind: "event"; body: Record<string, unknown> };

/**
 * How Slack's requests reach the app and its acknowledgement comes back: signed HTTP POSTs to
 * `/slack/events` (the default), or envelopes over Socket Mode (test/support/socket-mode-transport.ts).
 */
export interface SlackTransport {
  send(request: SlackRequest): Promise<SlackResponse>;
}

interface Element {
  type: string;
  action_id?: string;
  value?: string;
  url?: string;
  initial_value?: string;
  initial_option?: { value: string };
  options?: { value: string }[];
}
interface Block {
  type: string;
  block_id?: string;
  element?: Element;
  elements?: Element[];
}

/**
 * Plays Slack's side of the bot: what a person's clicks, modal submits, slash commands and the
 * Events API send, with the payload shapes Slack uses: by default to `/slack/events`, signed like
 * Slack signs them; with a Socket Mode transport, as envelopes over the app's WebSocket. Buttons and inputs are found in what the bot really posted to the
 * fake Web API. `interactions` counts the person's clicks and submits.
 */
export class SlackDriver {
  interactions = 0;
  private trigger = 0;

  readonly transport: SlackTransport;

  constructor(
    readonly serviceUrl: string,
    readonly fake: FakeSlack,
    readonly team: { id: string; domain: string } = TEST_TEAM,
    transport?: SlackTransport,
  ) {
    this.transport = transport ?? { send: (request) => this.postSigned(request) };
  }

  /** Over HTTP: a slash command or an interaction is a form post, an event a JSON one. */
  private postSigned(request: SlackRequest): Promise<SlackResponse> {
    if (request.kind === "command")
      return this.postRaw(new URLSearchParams(request.fields).toString(), "application/x-www-form-urlencoded");
    if (request.kind === "interactive")
      return this.postRaw(
        new URLSearchParams({ payload: JSON.stringify(request.payload) }).toString(),
        "application/x-www-form-urlencoded",
      );
    return this.postRaw(JSON.stringify(request.body), "application/json");
  }

  async postRaw(body: string, contentType: string, headers: Record<string, string> = {}): Promise<SlackResponse> {
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await fetch(`${this.serviceUrl}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": slackSignature(body, timestamp),
        ...headers,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: parseJson(text) };
  }

  /** Slack checks a view in a `response_action` ("update" / "push") by the same rules as views.open: so does this. */
  private async interactive(payload: Record<string, unknown>): Promise<SlackResponse> {
    const response = await this.transport.send({ kind: "interactive", payload });
    const action = response.json?.response_action;
    const view = response.json?.view;
    if ((action === "update" || action === "push") && view && typeof view === "object") {
      const problems = viewProblems(view as Record<string, unknown>);
      if (problems.length) throw new Error(`Slack would refuse the response_action ${String(action)} view: ${problems.join("; ")}`);
    }
    return response;
  }

  private user(userId: string) {
    return { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: this.team.id };
  }

  /** The fields every block_actions payload carries (one click = one interaction, one trigger id). */
  private blockActionsEnvelope(userId: string) {
    return {
      type: "block_actions",
      team: this.team,
      user: this.user(userId),
      api_app_id: "A0001",
      token: "legacy-verification-token",
      trigger_id: this.nextTrigger(),
    };
  }

  private nextTrigger(): string {
    this.trigger += 1;
    return `${this.trigger}.1700000000.trigger${this.trigger}`;
  }

  /** `/leadrelay <text>` typed by the user; the answer is the ack's body (an ephemeral reply). */
  command(userId: string, text: string, channelId = "C0GENERAL"): Promise<SlackResponse> {
    const fields = {
      token: "legacy-verification-token",
      team_id: this.team.id,
      team_domain: this.team.domain,
      channel_id: channelId,
      channel_name: "general",
      user_id: userId,
      user_name: userId.toLowerCase(),
      command: "/leadrelay",
      text,
      api_app_id: "A0001",
      is_enterprise_install: "false",
      response_url: "https://hooks.slack.com/commands/T0001/1/x",
      trigger_id: this.nextTrigger(),
    };
    return this.transport.send({ kind: "command", fields });
  }

  /** An Events API callback (e.g. app_home_opened). */
  event(event: Record<string, unknown>): Promise<SlackResponse> {
    const body = {
      token: "legacy-verification-token",
      team_id: this.team.id,
      api_app_id: "A0001",
      event,
      type: "event_callback",
      event_id: `Ev${Date.now()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.team.id, user_id: "U0BOT", is_bot: true, is_enterprise_install: false }],
    };
    return this.transport.send({ kind: "event", body });
  }

  /**
   * Clicks a button (or picks an option of a select) in a message the bot posted.
   * `actionId` may be a prefix match when it ends with `*`.
   */
  async click(userId: string, message: SlackMessage, actionId: string, option?: string): Promise<SlackResponse> {
    const found = findElement((message.blocks ?? []) as Block[], actionId);
    if (!found) throw new Error(`no ${actionId} in message ${JSON.stringify(message.blocks)}`);
    this.interactions += 1;
    return this.interactive({
      ...this.blockActionsEnvelope(userId),
      container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      channel: { id: message.channel, name: "directmessage" },
      message: {
        type: "message",
        ts: message.ts,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
        text: message.text,
        blocks: message.blocks,
        user: message.user,
        bot_id: message.bot_id,
      },
      response_url: "https://hooks.slack.com/actions/T0001/1/x",
      actions: [actionPayload(found.blockId, found.element, option)],
    });
  }

  /** Clicks a button in ephemeral blocks (a slash command's answer) or the App Home. */
  async clickIn(
    userId: string,
    blocks: unknown[],
    actionId: string,
    container: { type: "view"; view: SlackView } | { type: "ephemeral"; channelId: string },
  ): Promise<SlackResponse> {
    const found = findElement(blocks as Block[], actionId);
    if (!found) throw new Error(`no ${actionId} in ${JSON.stringify(blocks)}`);
    this.interactions += 1;
    return this.interactive({
      ...this.blockActionsEnvelope(userId),
      ...(container.type === "view"
        ? {
            container: { type: "view", view_id: container.view.id },
            view: { ...container.view, state: { values: viewState(container.view, {}) } },
          }
        : {
            container: { type: "message", message_ts: "1700000000.000001", channel_id: container.channelId, is_ephemeral: true },
            channel: { id: container.channelId, name: "general" },
          }),
      response_url: "https://hooks.slack.com/actions/T0001/1/x",
      actions: [actionPayload(found.blockId, found.element)],
    });
  }

  /** Picks an option of a select that dispatches an action inside an open modal (e.g. the integration). */
  async select(userId: string, view: SlackView, actionId: string, value: string): Promise<SlackResponse> {
    const found = findElement(view.blocks as Block[], actionId);
    if (!found) throw new Error(`no ${actionId} in view ${view.callback_id}`);
    this.interactions += 1;
    return this.interactive({
      ...this.blockActionsEnvelope(userId),
      container: { type: "view", view_id: view.id },
      view: { ...view, state: { values: viewState(view, { [found.blockId]: value }) } },
      actions: [actionPayload(found.blockId, found.element, value)],
    });
  }

  /**
   * Submits a modal with the given inputs (block id → typed text or chosen option value); the
   * others keep their initial values, as in Slack. Returns the ack's body.
   */
  async submit(userId: string, view: SlackView, values: Record<string, string> = {}): Promise<SlackResponse> {
    this.interactions += 1;
    return this.interactive({
      type: "view_submission",
      team: this.team,
      user: this.user(userId),
      api_app_id: "A0001",
      token: "legacy-verification-token",
      trigger_id: this.nextTrigger(),
      view: { ...view, state: { values: viewState(view, values) } },
      response_urls: [],
      is_enterprise_install: false,
    });
  }

  // ---- reading what the bot did ---------------------------------------------------------------

  /** The latest modal with this callback id (as opened / updated through the Web API). */
  view(callbackId: string): SlackView | undefined {
    return this.fake
      .openedViews()
      .filter((view) => view.callback_id === callbackId)
      .at(-1);
  }

  /** Runs `open` (a click, a command) and waits for the modal with this callback id that opened after it. */
  async modalOpenedBy(callbackId: string, open: () => Promise<unknown>): Promise<SlackView> {
    const before = this.fake.openedViews().length;
    await open();
    return waitFor(`the ${callbackId} modal`, () =>
      this.fake
        .openedViews()
        .slice(before)
        .find((view) => view.callback_id === callbackId),
    );
  }

  /** Waits until the modal `view`, redrawn in place (views.update, same id), is what `isRedrawn` looks for. */
  redrawn(view: SlackView, what: string, isRedrawn: (next: SlackView) => boolean): Promise<SlackView> {
    return waitFor(what, () => {
      const next = this.fake.openedViews().find((candidate) => candidate.id === view.id);
      return next && isRedrawn(next) ? next : undefined;
    });
  }

  /** A view as it is after an ack with `response_action: "update"` (same id, new content). */
  static updated(previous: SlackView, response: SlackResponse): SlackView {
    const next = response.json?.view as Partial<SlackView> | undefined;
    if (response.json?.response_action !== "update" || !next) throw new Error(`expected response_action update, got ${response.text}`);
    return { ...previous, ...next, private_metadata: next.private_metadata ?? "", callback_id: next.callback_id ?? "" } as SlackView;
  }

  /** Messages (optionally in one thread) whose text or blocks contain `needle`. */
  messages(needle: string | RegExp, threadTs?: string): SlackMessage[] {
    return this.fake.postedMessages().filter((message) => {
      if (threadTs && message.thread_ts !== threadTs && message.ts !== threadTs) return false;
      const text = `${message.text ?? ""} ${JSON.stringify(message.blocks ?? [])}`;
      return typeof needle === "string" ? text.includes(needle) : needle.test(text);
    });
  }
}

/** The blocks of a slash command's ephemeral answer (none when it answered with text only). */
export function replyBlocks(res: SlackResponse): unknown[] {
  return (res.json?.blocks as unknown[] | undefined) ?? [];
}

function findElement(blocks: Block[], actionId: string): { blockId: string; element: Element } | undefined {
  const matches = (element: Element | undefined) =>
    element?.action_id !== undefined &&
    (actionId.endsWith("*") ? element.action_id.startsWith(actionId.slice(0, -1)) : element.action_id === actionId);
  for (const block of blocks) {
    for (const element of [block.element, ...(block.elements ?? [])]) {
      if (matches(element)) return { blockId: block.block_id ?? "", element: element! };
    }
  }
  return undefined;
}

function actionPayload(blockId: string, element: Element, option?: string): Record<string, unknown> {
  const base = { action_id: element.action_id, block_id: blockId, action_ts: String(Date.now() / 1000) };
  if (element.type === "static_select") {
    const value = option ?? element.options?.[0]?.value ?? "";
    return { ...base, type: "static_select", selected_option: { text: { type: "plain_text", text: value }, value } };
  }
  return {
    ...base,
    type: "button",
    text: { type: "plain_text", text: "button" },
    ...(element.value !== undefined ? { value: element.value } : {}),
  };
}

/** `view.state.values` as Slack sends it: every input block, initial values unless overridden. */
function viewState(view: SlackView, overrides: Record<string, string>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as Block[]) {
    if (block.type !== "input" || !block.element || !block.block_id) continue;
    const element = block.element;
    const override = overrides[block.block_id];
    if (element.type === "static_select") {
      const value = override ?? element.initial_option?.value;
      values[block.block_id] = {
        [element.action_id!]: {
          type: "static_select",
          selected_option: value === undefined ? null : { text: { type: "plain_text", text: value }, value },
        },
      };
    } else {
      values[block.block_id] = { [element.action_id!]: { type: element.type, value: override ?? element.initial_value ?? null } };
    }
  }
  return values;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
