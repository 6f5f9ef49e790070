import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpAccount } from "../../core/accounts/sign-up-account.ts";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { accept, invite } from "../support/invitation-flow.ts";
import { uniqueDomain } from "../support/seed-account.ts";
import { type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { TEST_IDENTITY_API_KEY } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { expectNoRefusedViewsAfterEach, startSlackBotService } from "../support/slack-bot-service.ts";

/** A seller who is in Slack sees, with /leadrelay buyers, how far each invited buyer has got. */
let slack: FakeSlack;
let service: RunningService;
let receiver: WebhookReceiver;
let driver: SlackDriver;
const SELLER = { id: uniqueSlackUserId("BSEL"), email: `sue@${uniqueDomain("sellsbuyers")}`, realName: "Sue Seller" };
const STRANGER = { id: uniqueSlackUserId("BSTR"), email: `stu@${uniqueDomain("elsewhere")}`, realName: "Stu Stranger" };

beforeAll(async () => {
  slack = await startFakeSlack({ users: [SELLER, STRANGER] });
  receiver = await startWebhookReceiver();
  ({ service, driver } = await startSlackBotService(slack, { IDENTITY_API_KEY: TEST_IDENTITY_API_KEY }));
});

expectNoRefusedViewsAfterEach(() => slack);

afterAll(async () => {
  await service?.close();
  await receiver?.close();
  await slack?.close();
});

function lines(res: { json: Record<string, unknown> | null }): string {
  return JSON.stringify(res.json);
}

describe("/leadrelay buyers", () => {
  it("shows each buyer: invited, accepted, destination connected, first lead delivered (live), and nothing of their destinations", async () => {
    const seller = await signUpAccount(service.prisma, { name: "Buyers Seller", adminEmail: SELLER.email, plan: "partner" });
    const api = new ApiClient(service.url, seller.accountApiKey);

    const empty = await driver.command(SELLER.id, "buyers");
    expect(lines(empty)).toContain("Buyers Seller has not invited any buyer yet");

    // Invited in Slack, never accepted.
    const pending = `pat@${uniqueDomain("pending")}`;
    const invited = await driver.command(SELLER.id, `invite <mailto:${pending}|${pending}>`);
    expect(lines(invited)).toContain("`/leadrelay buyers` shows when they accept");
    // Accepted, no destination.
    const accepted = await invite(api, `amy@${uniqueDomain("accepted")}`);
    expect((await accept(api, accepted.token, { email: accepted.email, name: "Amy", company: "Accepted Co" })).status).toBe(201);
    // Accepted with a destination, no lead yet.
    const connected = await invite(api, `cal@${uniqueDomain("connected")}`);
    const connectedBody = (await accept(api, connected.token, { email: connected.email, name: "Cal", company: "Connected Co" })).body;
    await addWebhookDestination(
      service.prisma,
      connectedBody.account.id,
      connectedBody.connection.flow_id,
      `${receiver.url}/connected-secret-path`,
    );
    // Accepted with a destination, and the seller's live lead delivered to it.
    const delivered = await invite(api, `dee@${uniqueDomain("delivered")}`);
    const deliveredBody = (await accept(api, delivered.token, { email: delivered.email, name: "Dee", company: "Delivered Co" })).body;
    await addWebhookDestination(service.prisma, deliveredBody.account.id, deliveredBody.connection.flow_id, `${receiver.url}/delivered`);
    const posting = await api.post<{ submit_url: string; posting_key: string }>(`/connections/${deliveredBody.connection.id}/posting-key`);
    const submitPath = new URL(posting.body.submit_url).pathname;
    const lead = await fetch(`${service.url}${submitPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${posting.body.posting_key}`, "content-type": "application/json" },
      body: JSON.stringify({ first_name: "Live", email: "live@example.com" }),
    });
    expect(((await lead.json()) as { outcome: string }).outcome).toBe("success");
    await waitFor(
      "the live lead delivered",
      async () => (await service.prisma.lead.count({ where: { sourceId: deliveredBody.connection.source_id, status: "delivered" } })) === 1,
      15_000,
    );

    const res = await driver.command(SELLER.id, "buyers");
    expect(res.json).toMatchObject({ response_type: "ephemeral" });
    const text = lines(res);
    expect(text).toContain(`*${pending}*: :email: invited, not accepted yet (expires`);
    expect(text).toContain("*Accepted Co*: :handshake: accepted, no destination yet");
    expect(text).toContain("*Connected Co*: :electric_plug: destination connected, no lead delivered yet");
    expect(text).toMatch(/\*Delivered Co\*: :white_check_mark: first lead delivered <!date\^\d+/);
    expect(text).not.toContain("test leads only");
    // The seller learns the stage, never the buyer's destination.
    expect(text).not.toContain("connected-secret-path");
    expect(text).not.toContain("Buyer webhook");

    // Paused connections say so.
    await api.post(`/connections/${connectedBody.connection.id}/pause`);
    expect(lines(await driver.command(SELLER.id, "buyers"))).toContain("no lead delivered yet · connection paused");
  });

  it("answers someone without an account plainly, and the help lists it", async () => {
    const res = await driver.command(STRANGER.id, "buyers");
    expect(lines(res)).toContain(`No leadrelay account is linked to ${STRANGER.email}`);
    expect(lines(await driver.command(STRANGER.id, "help"))).toContain("/leadrelay buyers");
  });
});
