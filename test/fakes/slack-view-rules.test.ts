import { WebClient, type WebAPIPlatformError } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listIntegrations } from "../../core/integrations/registry.ts";
import { destinationModal } from "../../slack/blocks/destination-modal.ts";
import { startFakeSlack, type FakeSlack } from "./slack.ts";

/** The fake Slack refuses a view the way Slack does, so a suite that opens an invalid view fails. */
describe("the fake Slack refuses views that break Slack's view rules", () => {
  let slack: FakeSlack;
  let client: WebClient;
  let trigger = 0;

  beforeAll(async () => {
    slack = await startFakeSlack({ users: [{ id: "U001" }] });
    client = new WebClient("xoxb-test", { slackApiUrl: `${slack.url}/api/`, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await slack.close();
  });

  const text = (t: string) => ({ type: "plain_text" as const, text: t });
  const input = (blockId: string, actionId = "value") => ({
    type: "input",
    block_id: blockId,
    label: text("Name"),
    element: { type: "plain_text_input", action_id: actionId },
  });
  const modal = (extra: Record<string, unknown>) => ({
    type: "modal",
    title: text("Title"),
    submit: text("Save"),
    close: text("Cancel"),
    blocks: [input("a")],
    ...extra,
  });

  async function refusal(method: "views.open" | "views.publish", view: Record<string, unknown>): Promise<string[]> {
    const call =
      method === "views.open"
        ? client.views.open({ trigger_id: `t${++trigger}`, view: view as never })
        : client.views.publish({ user_id: "U001", view: view as never });
    const error = (await call.then(
      () => {
        throw new Error(`${method} accepted an invalid view`);
      },
      (e: unknown) => e,
    )) as WebAPIPlatformError;
    expect(error.data.error).toBe("invalid_arguments");
    const messages = (error.data.response_metadata as { messages?: string[] } | undefined)?.messages ?? [];
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expect(message).toMatch(/^\[ERROR\] .+ \[json-pointer:\/view[^\]]*\]$/);
    return messages;
  }

  it("answers invalid_arguments with Slack's messages, and records the refusal", async () => {
    const before = slack.refusedViews().length;
    const { submit: _submit, ...noSubmit } = modal({});
    expect((await refusal("views.open", noSubmit)).join()).toContain("submit is required when the view has input blocks");
    expect(slack.refusedViews().slice(before)).toEqual([expect.objectContaining({ method: "views.open" })]);
  });

  it.each([
    ["title over 24", modal({ title: text("x".repeat(25)) }), "/view/title/text"],
    ["title as mrkdwn", modal({ title: { type: "mrkdwn", text: "Title" } }), "/view/title"],
    ["submit over 24", modal({ submit: text("x".repeat(25)) }), "/view/submit/text"],
    ["close over 24", modal({ close: text("x".repeat(25)) }), "/view/close/text"],
    ["101 blocks", modal({ blocks: Array.from({ length: 101 }, (_, i) => input(`b${i}`)) }), "/view/blocks]"],
    ["duplicate block_id", modal({ blocks: [input("same"), input("same")] }), "/view/blocks/1/block_id"],
    ["block_id over 255", modal({ blocks: [input("b".repeat(256))] }), "/view/blocks/0/block_id"],
    ["action_id over 255", modal({ blocks: [input("a", "x".repeat(256))] }), "/view/blocks/0/element/action_id"],
    [
      "duplicate action_id in a block",
      modal({
        blocks: [
          {
            type: "actions",
            elements: [
              { type: "button", action_id: "go", text: text("A") },
              { type: "button", action_id: "go", text: text("B") },
            ],
          },
        ],
      }),
      "/view/blocks/0/elements/1/action_id",
    ],
    ["private_metadata over 3000", modal({ private_metadata: "m".repeat(3001) }), "/view/private_metadata"],
    ["callback_id over 255", modal({ callback_id: "c".repeat(256) }), "/view/callback_id"],
    [
      "input without a label",
      modal({ blocks: [{ type: "input", block_id: "a", element: { type: "plain_text_input", action_id: "v" } }] }),
      "/view/blocks/0/label",
    ],
    [
      "101 options",
      modal({
        blocks: [
          {
            type: "input",
            block_id: "s",
            label: text("Pick"),
            element: {
              type: "static_select",
              action_id: "v",
              options: Array.from({ length: 101 }, (_, i) => ({ text: text(`o${i}`), value: `o${i}` })),
            },
          },
        ],
      }),
      "/view/blocks/0/element/options]",
    ],
    [
      "option text over 75",
      modal({
        blocks: [
          {
            type: "input",
            block_id: "s",
            label: text("Pick"),
            element: { type: "static_select", action_id: "v", options: [{ text: text("o".repeat(76)), value: "o" }] },
          },
        ],
      }),
      "/view/blocks/0/element/options/0/text/text",
    ],
    [
      "button text as mrkdwn",
      modal({ blocks: [{ type: "actions", elements: [{ type: "button", action_id: "go", text: { type: "mrkdwn", text: "*Go*" } }] }] }),
      "/view/blocks/0/elements/0/text",
    ],
  ])("refuses a modal with %s", async (_name, view, pointer) => {
    expect((await refusal("views.open", view)).join()).toContain(`[json-pointer:${pointer}`);
  });

  it("refuses a home view with a submit button", async () => {
    expect((await refusal("views.publish", { type: "home", submit: text("Save"), blocks: [] })).join()).toContain("/view/submit");
  });

  it("accepts a valid modal, and the destination modal before and after the integration is chosen", async () => {
    await client.views.open({ trigger_id: `t${++trigger}`, view: modal({}) as never });
    for (const integrationId of [null, ...listIntegrations().map((i) => i.id)]) {
      await client.views.open({
        trigger_id: `t${++trigger}`,
        view: destinationModal({ integrations: listIntegrations(), integrationId, privateMetadata: "{}" }),
      });
    }
  });
});
