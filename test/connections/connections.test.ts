import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { onboardInvitedBuyer } from "../../core/partners/onboard-invited-buyer.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import { accept, invite, type AcceptedBody } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain, type SeededAccount } from "../support/seed-account.ts";
import { TEST_ENCRYPTION_KEY, TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";
import { expectStatus, typedApi } from "../support/typed-api.ts";
import { waitFor } from "../support/wait-for.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";

const PUBLIC_URL = "https://leads.example.test";

let service: RunningService;
let receiver: WebhookReceiver;
let api: ApiClient;
let seller: SeededAccount;
let sellerApi: ApiClient;
let accepted: AcceptedBody;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  service = await startService(testConfig({ PUBLIC_URL, IDENTITY_API_KEY: TEST_IDENTITY_API_KEY }), createLogger("silent"));
  api = new ApiClient(service.url);
  seller = await seedAccount(service.prisma, { name: "Posting Seller", plan: "paid" });
  sellerApi = api.as(seller.accountKey);
  const domain = uniqueDomain("connbuyer");
  const invitation = await invite(sellerApi, `sam@${domain}`, { fields: ["first_name", "email"] });
  accepted = (await accept(api, invitation.token, { email: `sam@${domain}`, name: "Sam", company: "Sam Leads" })).body;
  // The buyer picks its one destination: a webhook.
  await addWebhookDestination(service.prisma, accepted.account.id, accepted.connection.flow_id, `${receiver.url}/leads`);
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

/** Posts a lead as the seller would, to the submit URL it was given (its host swapped for the test server's). */
async function postLead(submitUrl: string, postingKey: string, lead: Record<string, string>) {
  const path = new URL(submitUrl).pathname;
  const res = await fetch(`${service.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${postingKey}` },
    body: JSON.stringify(lead),
  });
  return { status: res.status, body: (await res.json()) as { outcome: string; reason?: string; lead?: { id: string } } };
}

/** The seller's and the buyer's typed clients, and the connection between them, as each sees it. */
const sellerClient = () => typedApi(service.url, seller.accountKey);
const buyerClient = () => typedApi(service.url, accepted.account_api_key!);
const theConnection = (client: ReturnType<typeof typedApi>) => client.connections[":id"];
const param = () => ({ id: accepted.connection.id });

const LEAD = { first_name: "Tia", last_name: "Lead", email: "tia@example.com", phone_1: "512-555-0134" };

describe("connections", () => {
  it("shows the seller its posting URL and docs, and each side its role", async () => {
    const asSeller = await expectStatus(theConnection(sellerClient()).$get({ param: param() }), 200);
    expect(asSeller).toMatchObject({
      role: "seller",
      status: "active",
      submit_url: `${PUBLIC_URL}/flows/${accepted.connection.flow_id}/sources/${accepted.connection.source_id}/submit`,
      docs_url: `${PUBLIC_URL}/flows/${accepted.connection.flow_id}/sources/${accepted.connection.source_id}/docs`,
    });
    const asBuyer = await expectStatus(theConnection(buyerClient()).$get({ param: param() }), 200);
    expect(asBuyer.role).toBe("buyer");

    const sellerList = await expectStatus(sellerClient().connections.$get({ query: { role: "seller", status: "active" } }), 200);
    expect(sellerList.connections.map((c) => c.id)).toContain(accepted.connection.id);
    const sellerAsBuyer = await expectStatus(sellerClient().connections.$get({ query: { role: "buyer" } }), 200);
    expect(sellerAsBuyer.connections.map((c) => c.id)).not.toContain(accepted.connection.id);
  });

  it("gives only the seller its posting key, and a lead posted with it lands in the buyer's flow and is delivered", async () => {
    const buyerTry = await expectStatus(theConnection(buyerClient())["posting-key"].$post({ param: param() }), 403);
    expect(buyerTry.error.code).toBe("seller_only");

    const issued = await expectStatus(theConnection(sellerClient())["posting-key"].$post({ param: param() }), 200);
    expect(issued.posting_key).toMatch(/^lr_post_/);
    expect(issued.connection.posting_key_hint).toBe(`••••${issued.posting_key.slice(-4)}`);

    const posted = await postLead(issued.submit_url, issued.posting_key, LEAD);
    expect(posted.status).toBe(201);
    expect(posted.body.outcome).toBe("success");
    const leadParam = { param: { id: posted.body.lead!.id } };
    const lead = await expectStatus(buyerClient().leads[":id"].$get(leadParam), 200);
    expect(lead).toMatchObject({ flow_id: accepted.connection.flow_id, source_id: accepted.connection.source_id });
    await waitFor("delivery to the buyer's webhook", () =>
      [...receiver.processed.values()].some((r) => (r.body as Record<string, unknown>).email === "tia@example.com"),
    );
    // The seller cannot read the buyer's lead.
    await expectStatus(sellerClient().leads[":id"].$get(leadParam), 404);
  });

  it("rotates the posting key: the new one works, the old one stops", async () => {
    const issueKey = () => expectStatus(theConnection(sellerClient())["posting-key"].$post({ param: param() }), 200);
    const first = await issueKey();
    const second = await issueKey();
    expect(second.posting_key).not.toBe(first.posting_key);
    // Warm intake's source cache with the first key, then rotate: the new key works at once.
    expect((await postLead(first.submit_url, first.posting_key, LEAD)).status).toBe(401);
    expect((await postLead(second.submit_url, second.posting_key, LEAD)).status).toBe(201);
    const third = await issueKey();
    expect((await postLead(third.submit_url, third.posting_key, LEAD)).status).toBe(201);
    // The replaced key stops once intake's cache turns over (at most ~2 s).
    await waitFor(
      "the old key to stop",
      async () => (await postLead(second.submit_url, second.posting_key, LEAD)).status === 401,
      5_000,
      200,
    );
  });

  it("pauses, resumes and ends, rejecting the seller's leads while paused and after the end", async () => {
    const seller = theConnection(sellerClient());
    const buyer = theConnection(buyerClient());
    const key = await expectStatus(seller["posting-key"].$post({ param: param() }), 200);
    const outcome = async () => postLead(key.submit_url, key.posting_key, LEAD);
    // Posts until a lead is refused (and returns that answer), as after a pause or an end.
    const rejection = (what: string) =>
      waitFor(
        what,
        async () => {
          const res = await outcome();
          return res.body.outcome === "failure" ? res : null;
        },
        5_000,
        200,
      );
    await waitFor("the key to work", async () => (await outcome()).body.outcome === "success", 5_000, 200);

    const paused = await expectStatus(buyer.pause.$post({ param: param() }), 200);
    expect(paused).toMatchObject({ status: "paused", role: "buyer" });
    expect((await expectStatus(buyer.pause.$post({ param: param() }), 200)).status).toBe("paused");
    const rejected = await rejection("a paused rejection");
    expect(rejected).toMatchObject({ status: 201, body: { outcome: "failure", reason: "Connection paused" } });

    expect((await expectStatus(seller.resume.$post({ param: param() }), 200)).status).toBe("active");
    await waitFor("leads accepted again", async () => (await outcome()).body.outcome === "success", 5_000, 200);

    const ended = await expectStatus(seller.end.$post({ param: param() }), 200);
    expect(ended.status).toBe("ended");
    const afterEnd = await rejection("an ended rejection");
    expect(afterEnd).toMatchObject({ status: 201, body: { outcome: "failure", reason: "Connection ended" } });

    await expectStatus(buyer.resume.$post({ param: param() }), 409);
    await expectStatus(buyer.pause.$post({ param: param() }), 409);
    await expectStatus(buyer["posting-key"].$post({ param: param() }), 403);
    const sellerKey = await expectStatus(seller["posting-key"].$post({ param: param() }), 409);
    expect(sellerKey.error.code).toBe("connection_ended");
    expect((await expectStatus(buyer.end.$post({ param: param() }), 200)).status).toBe("ended");

    // Both sides were told, for the Slack bot to relay.
    for (const side of [sellerClient(), buyerClient()]) {
      const events = await expectStatus(side.events.$get({ query: { type: "account" } }), 200);
      expect(events.events.map((e) => e.reason)).toEqual(
        expect.arrayContaining(["Connection paused", "Connection resumed", "Connection ended"]),
      );
    }
  });

  it("runs the whole journey through onboardInvitedBuyer (what npm run demo calls)", async () => {
    const domain = uniqueDomain("demo");
    const journey = await onboardInvitedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY), {
      publicUrl: PUBLIC_URL,
      seller: { name: "Demo Seller", adminEmail: `seller@${uniqueDomain("demoseller")}`, adminName: "Demo Seller Admin" },
      buyer: { email: `buyer@${domain}`, name: "Demo Buyer", company: "Demo Buyer Co" },
      fields: ["first_name", "email"],
    });
    expect(journey.submitUrl).toBe(`${PUBLIC_URL}/flows/${journey.flowId}/sources/${journey.sourceId}/submit`);
    expect(journey.buyer.needsDestination).toBe(true);
    expect(await expectStatus(typedApi(service.url, journey.seller.accountApiKey).accounts.me.$get(), 200)).toMatchObject({
      name: "Demo Seller",
      plan: "paid",
    });
    expect(await expectStatus(typedApi(service.url, journey.buyer.accountApiKey).accounts.me.$get(), 200)).toMatchObject({
      name: "Demo Buyer Co",
      plan: "partner",
    });
    const posted = await postLead(journey.submitUrl, journey.postingKey, LEAD);
    expect(posted).toMatchObject({ status: 201, body: { outcome: "success" } });
  });
});
