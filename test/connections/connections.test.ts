import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { onboardInvitedBuyer } from "../../core/partners/onboard-invited-buyer.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import { accept, invite, type AcceptedBody, type ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain, type SeededAccount } from "../support/seed-account.ts";
import { TEST_ENCRYPTION_KEY, TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";

const PUBLIC_URL = "https://leads.example.test";

interface ConnectionBody {
  id: string;
  status: string;
  role: string;
  flow_id: string;
  source_id: string;
  submit_url: string;
  docs_url: string;
  posting_key_hint: string | null;
}

let service: RunningService;
let receiver: WebhookReceiver;
let api: ApiClient;
let seller: SeededAccount;
let sellerApi: ApiClient;
let buyerApi: ApiClient;
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
  buyerApi = api.as(accepted.account_api_key!);
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
  const res = await fetch(`${service.url}${path}`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${postingKey}` }, body: JSON.stringify(lead) });
  return { status: res.status, body: (await res.json()) as { outcome: string; reason?: string; lead?: { id: string } } };
}

const LEAD = { first_name: "Tia", last_name: "Lead", email: "tia@example.com", phone_1: "512-555-0134" };

describe("connections", () => {
  it("shows the seller its posting URL and docs, and each side its role", async () => {
    const asSeller = await sellerApi.get<ConnectionBody>(`/connections/${accepted.connection.id}`);
    expect(asSeller.status).toBe(200);
    expect(asSeller.body).toMatchObject({
      role: "seller",
      status: "active",
      submit_url: `${PUBLIC_URL}/flows/${accepted.connection.flow_id}/sources/${accepted.connection.source_id}/submit`,
      docs_url: `${PUBLIC_URL}/flows/${accepted.connection.flow_id}/sources/${accepted.connection.source_id}/docs`,
    });
    const asBuyer = await buyerApi.get<ConnectionBody>(`/connections/${accepted.connection.id}`);
    expect(asBuyer.body.role).toBe("buyer");

    const sellerList = await sellerApi.get<{ connections: { id: string }[] }>("/connections?role=seller&status=active");
    expect(sellerList.body.connections.map((c) => c.id)).toContain(accepted.connection.id);
    const sellerAsBuyer = await sellerApi.get<{ connections: { id: string }[] }>("/connections?role=buyer");
    expect(sellerAsBuyer.body.connections.map((c) => c.id)).not.toContain(accepted.connection.id);
  });

  it("gives only the seller its posting key, and a lead posted with it lands in the buyer's flow and is delivered", async () => {
    const buyerTry = await buyerApi.post<ErrorBody>(`/connections/${accepted.connection.id}/posting-key`);
    expect(buyerTry.status).toBe(403);
    expect(buyerTry.body.error.code).toBe("seller_only");

    const issued = await sellerApi.post<{ posting_key: string; submit_url: string; connection: ConnectionBody }>(`/connections/${accepted.connection.id}/posting-key`);
    expect(issued.status).toBe(200);
    expect(issued.body.posting_key).toMatch(/^lr_post_/);
    expect(issued.body.connection.posting_key_hint).toBe(`••••${issued.body.posting_key.slice(-4)}`);

    const posted = await postLead(issued.body.submit_url, issued.body.posting_key, LEAD);
    expect(posted.status).toBe(201);
    expect(posted.body.outcome).toBe("success");
    const lead = await buyerApi.get<{ flow_id: string; source_id: string; status: string }>(`/leads/${posted.body.lead!.id}`);
    expect(lead.body).toMatchObject({ flow_id: accepted.connection.flow_id, source_id: accepted.connection.source_id });
    await waitFor("delivery to the buyer's webhook", () => [...receiver.processed.values()].some((r) => (r.body as Record<string, unknown>).email === "tia@example.com"));
    // The seller cannot read the buyer's lead.
    expect((await sellerApi.get(`/leads/${posted.body.lead!.id}`)).status).toBe(404);
  });

  it("rotates the posting key: the new one works, the old one stops", async () => {
    const first = await sellerApi.post<{ posting_key: string; submit_url: string }>(`/connections/${accepted.connection.id}/posting-key`);
    const second = await sellerApi.post<{ posting_key: string; submit_url: string }>(`/connections/${accepted.connection.id}/posting-key`);
    expect(second.body.posting_key).not.toBe(first.body.posting_key);
    // Warm intake's source cache with the first key, then rotate: the new key works at once.
    expect((await postLead(first.body.submit_url, first.body.posting_key, LEAD)).status).toBe(401);
    expect((await postLead(second.body.submit_url, second.body.posting_key, LEAD)).status).toBe(201);
    const third = await sellerApi.post<{ posting_key: string; submit_url: string }>(`/connections/${accepted.connection.id}/posting-key`);
    expect((await postLead(third.body.submit_url, third.body.posting_key, LEAD)).status).toBe(201);
    // The replaced key stops once intake's cache turns over (at most ~2 s).
    await waitFor("the old key to stop", async () => (await postLead(second.body.submit_url, second.body.posting_key, LEAD)).status === 401, 5_000, 200);
  });

  it("pauses, resumes and ends, rejecting the seller's leads while paused and after the end", async () => {
    const { body: key } = await sellerApi.post<{ posting_key: string; submit_url: string }>(`/connections/${accepted.connection.id}/posting-key`);
    const outcome = async () => postLead(key.submit_url, key.posting_key, LEAD);
    await waitFor("the key to work", async () => (await outcome()).body.outcome === "success", 5_000, 200);

    const paused = await buyerApi.post<ConnectionBody>(`/connections/${accepted.connection.id}/pause`);
    expect(paused.body).toMatchObject({ status: "paused", role: "buyer" });
    expect((await buyerApi.post<ConnectionBody>(`/connections/${accepted.connection.id}/pause`)).body.status).toBe("paused");
    const rejected = await waitFor("a paused rejection", async () => {
      const res = await outcome();
      return res.body.outcome === "failure" ? res : null;
    }, 5_000, 200);
    expect(rejected).toMatchObject({ status: 201, body: { outcome: "failure", reason: "Connection paused" } });

    expect((await sellerApi.post<ConnectionBody>(`/connections/${accepted.connection.id}/resume`)).body.status).toBe("active");
    await waitFor("leads accepted again", async () => (await outcome()).body.outcome === "success", 5_000, 200);

    const ended = await sellerApi.post<ConnectionBody>(`/connections/${accepted.connection.id}/end`);
    expect(ended.body.status).toBe("ended");
    const afterEnd = await waitFor("an ended rejection", async () => {
      const res = await outcome();
      return res.body.outcome === "failure" ? res : null;
    }, 5_000, 200);
    expect(afterEnd).toMatchObject({ status: 201, body: { outcome: "failure", reason: "Connection ended" } });

    for (const action of ["resume", "pause", "posting-key"]) {
      const res = await buyerApi.post<ErrorBody>(`/connections/${accepted.connection.id}/${action}`);
      expect(res.status, action).toBe(action === "posting-key" ? 403 : 409);
    }
    const sellerKey = await sellerApi.post<ErrorBody>(`/connections/${accepted.connection.id}/posting-key`);
    expect(sellerKey.status).toBe(409);
    expect(sellerKey.body.error.code).toBe("connection_ended");
    expect((await buyerApi.post<ConnectionBody>(`/connections/${accepted.connection.id}/end`)).body.status).toBe("ended");

    // Both sides were told, for the Slack bot to relay.
    for (const side of [sellerApi, buyerApi]) {
      const events = await side.get<{ events: { reason: string; outcome: string }[] }>("/events?type=account");
      expect(events.body.events.map((e) => e.reason)).toEqual(expect.arrayContaining(["Connection paused", "Connection resumed", "Connection ended"]));
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
    expect((await api.as(journey.seller.accountApiKey).get("/accounts/me")).body).toMatchObject({ name: "Demo Seller", plan: "paid" });
    expect((await api.as(journey.buyer.accountApiKey).get("/accounts/me")).body).toMatchObject({ name: "Demo Buyer Co", plan: "partner" });
    const posted = await postLead(journey.submitUrl, journey.postingKey, LEAD);
    expect(posted).toMatchObject({ status: 201, body: { outcome: "success" } });
  });
});
