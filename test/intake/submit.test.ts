import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { waitFor } from "../support/wait-for.ts";

let service: RunningService;
let receiver: WebhookReceiver;
let buyer: SeededBuyer;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  service = await startService(testConfig(), createLogger("silent"));
  buyer = await seedBuyer(service.prisma, secretBox, {
    fields: [
      { name: "email", required: true },
      { name: "loan.amount", type: "number" },
    ],
    rules: [{ field: "state", operator: "is included in", values: ["TX", "CA"] }],
    destination: { integration: "webhook", name: "Buyer CRM", settings: { url: `${receiver.url}/leads` } },
  });
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

function post(path: string, body: string, headers: Record<string, string>) {
  // Bytes, not a string, so fetch adds no Content-Type of its own.
  return fetch(`${service.url}${path}`, { method: "POST", body: new TextEncoder().encode(body), headers });
}

function postJson(body: unknown, headers: Record<string, string> = {}) {
  return post(buyer.submitPath, JSON.stringify(body), {
    "content-type": "application/json",
    authorization: `Bearer ${buyer.postingKey}`,
    ...headers,
  });
}

async function lead(id: string) {
  const res = await fetch(`${service.url}/leads/${id}`, { headers: { authorization: `Bearer ${buyer.accountKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    status: string;
    is_test: boolean;
    reason: string | null;
    fields: Record<string, unknown>;
    raw: Record<string, unknown>;
    invalid: string[];
    events: { type: string; outcome: string; reason: string | null }[];
  };
}

const VALID = { first_name: "Ada", last_name: "Lovelace", email: "ADA@Example.com", phone_1: "(512) 555-0134", state: "texas" };

describe("lead intake", () => {
  it("accepts a JSON lead with 201, stores raw and normal values, and delivers it", async () => {
    const res = await postJson({ ...VALID, "loan.amount": "$250,000", favourite_colour: "teal" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { outcome: string; lead: { id: string }; price: number };
    expect(body).toMatchObject({ outcome: "success", price: 0 });
    const stored = await lead(body.lead.id);
    expect(stored.fields).toMatchObject({
      email: "ada@example.com",
      phone_1: "5125550134",
      state: "TX",
      loan: { amount: 250000 },
      favourite_colour: "teal",
    });
    expect(stored.raw).toMatchObject({ email: "ADA@Example.com", phone_1: "(512) 555-0134", loan: { amount: "$250,000" } });

    const delivered = await waitFor("delivery", async () =>
      (await lead(body.lead.id)).status === "delivered" ? lead(body.lead.id) : null,
    );
    expect(delivered.events.map((e) => `${e.type}:${e.outcome}`)).toEqual(["source:success", "recipient:success", "delivery:success"]);
    const sent = [...receiver.processed.values()].find((r) => (r.body as Record<string, unknown>).email === "ada@example.com");
    expect(sent?.body).toMatchObject({ first_name: "Ada", phone_1: "5125550134", state: "TX" });
  });

  it("accepts form and XML bodies, merges the query string over the body and nests dotted keys", async () => {
    const form = await post(`${buyer.submitPath}?state=CA`, new URLSearchParams({ ...VALID, "loan.amount": "1000" }).toString(), {
      "content-type": "application/x-www-form-urlencoded",
      "x-api-key": buyer.postingKey,
    });
    expect(form.status).toBe(201);
    const formLead = await lead(((await form.json()) as { lead: { id: string } }).lead.id);
    expect(formLead.fields).toMatchObject({ state: "CA", loan: { amount: 1000 } });

    const xml = await post(
      buyer.submitPath,
      `<?xml version="1.0"?><lead><first_name>Ada</first_name><email>ada@example.com</email><state>TX</state><loan><amount>5</amount></loan></lead>`,
      { "content-type": "application/xml", accept: "application/xml", authorization: `Bearer ${buyer.postingKey}` },
    );
    expect(xml.status).toBe(201);
    expect(xml.headers.get("content-type")).toContain("application/xml");
    const text = await xml.text();
    expect(text).toMatch(/<result><outcome>success<\/outcome><lead><id>[0-9a-f-]{36}<\/id><\/lead><price>0<\/price><\/result>/);
    const id = text.match(/<id>([^<]+)<\/id>/)![1]!;
    expect((await lead(id)).fields).toMatchObject({ first_name: "Ada", loan: { amount: 5 } });
  });

  it("accepts GET with the lead in the query string and the key in apisecret, which is not stored", async () => {
    const qs = new URLSearchParams({ ...VALID, apisecret: buyer.postingKey });
    const res = await fetch(`${service.url}${buyer.submitPath}?${qs}`);
    expect(res.status).toBe(201);
    const stored = await lead(((await res.json()) as { lead: { id: string } }).lead.id);
    expect(JSON.stringify(stored)).not.toContain(buyer.postingKey);
    expect(stored.raw).not.toHaveProperty("apisecret");
  });

  it("rejects with outcome failure and a fixed reason when a required field is missing or a rule fails", async () => {
    const missing = await postJson({ ...VALID, email: "" });
    expect(missing.status).toBe(201);
    const missingBody = (await missing.json()) as { outcome: string; reason: string; lead: { id: string } };
    expect(missingBody).toMatchObject({ outcome: "failure", reason: "Missing required field: Email" });
    const stored = await lead(missingBody.lead.id);
    expect(stored.status).toBe("rejected");
    expect(stored.events).toEqual([
      expect.objectContaining({ type: "source", outcome: "failure", reason: "Missing required field: Email" }),
    ]);

    const rule = await postJson({ ...VALID, state: "NY" });
    expect(await rule.json()).toMatchObject({ outcome: "failure", reason: "State is not an accepted value" });
  });

  it("with ?wait=N answers with the delivery result, and `wait` is not stored as a field", async () => {
    const res = await post(`${buyer.submitPath}?wait=5`, JSON.stringify(VALID), {
      "content-type": "application/json",
      authorization: `Bearer ${buyer.postingKey}`,
    });
    const body = (await res.json()) as { outcome: string; lead: { id: string }; deliveries: { outcome: string; reason: string }[] };
    expect(body.outcome).toBe("success");
    expect(body.deliveries).toEqual([
      expect.objectContaining({ outcome: "success", reason: "Webhook answered 200", destination_id: buyer.destinationId }),
    ]);
    expect((await lead(body.lead.id)).raw).not.toHaveProperty("wait");
  });

  it("keeps a lead whose values have invalid formats, flagging them", async () => {
    const res = await postJson({ ...VALID, phone_1: "call me maybe" });
    const stored = await lead(((await res.json()) as { lead: { id: string } }).lead.id);
    expect(stored.fields.phone_1).toBe("call me maybe");
    expect(stored.invalid).toEqual(["phone_1"]);
  });

  it("marks is_test leads as tests and still delivers them", async () => {
    const res = await postJson({ ...VALID, email: "test@example.com", is_test: "yes" });
    const id = ((await res.json()) as { lead: { id: string } }).lead.id;
    const delivered = await waitFor("test delivery", async () => ((await lead(id)).status === "delivered" ? lead(id) : null));
    expect(delivered.is_test).toBe(true);
    const events = await fetch(`${service.url}/events?lead_id=${id}&test=true`, {
      headers: { authorization: `Bearer ${buyer.accountKey}` },
    });
    expect(((await events.json()) as { events: unknown[] }).events).toHaveLength(3);
  });

  it.each([
    ["no Content-Type", {}, 415, /Missing Content-Type: send application\/json/],
    ["an unsupported Content-Type", { "content-type": "text/plain" }, 415, /Unsupported Content-Type text\/plain/],
    ["malformed JSON", { "content-type": "application/json" }, 400, /Malformed JSON body/],
  ])("answers %s with a precise error", async (_label, headers, status, reason) => {
    const res = await post(buyer.submitPath, "{not json", { authorization: `Bearer ${buyer.postingKey}`, ...headers });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { outcome: string; reason: string };
    expect(body.outcome).toBe("error");
    expect(body.reason).toMatch(reason);
  });

  it("answers 413 for a body over 1 MB", async () => {
    const res = await postJson({ ...VALID, comments: "x".repeat(1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ outcome: "error", reason: "Body too large: the limit is 1 MB", price: 0 });
  });

  it("answers 401 for a missing or wrong posting key and 404 for an unknown flow or source", async () => {
    const wrong = await postJson(VALID, { authorization: "Bearer lr_post_wrong" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ outcome: "error", reason: "Invalid API key" });
    const none = await post(buyer.submitPath, JSON.stringify(VALID), { "content-type": "application/json" });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ outcome: "error", reason: "Missing API key" });

    for (const path of [
      `/flows/${buyer.flowId}/sources/00000000-0000-7000-8000-000000000000/submit`,
      `/flows/not-an-id/sources/${buyer.sourceId}/submit`,
    ]) {
      const res = await post(path, JSON.stringify(VALID), {
        "content-type": "application/json",
        authorization: `Bearer ${buyer.postingKey}`,
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ outcome: "error", reason: "Unknown flow or source" });
    }
  });
});

describe("events and leads API", () => {
  it("requires an account key and never shows another account's data", async () => {
    const res = await postJson(VALID);
    const id = ((await res.json()) as { lead: { id: string } }).lead.id;
    expect((await fetch(`${service.url}/leads/${id}`)).status).toBe(401);
    expect((await fetch(`${service.url}/events`, { headers: { authorization: "Bearer lr_acct_nope" } })).status).toBe(401);

    const other = await seedBuyer(service.prisma, secretBox);
    const asOther = { authorization: `Bearer ${other.accountKey}` };
    expect((await fetch(`${service.url}/leads/${id}`, { headers: asOther })).status).toBe(404);
    const events = (await (await fetch(`${service.url}/events`, { headers: asOther })).json()) as { events: unknown[] };
    expect(events.events).toEqual([]);
  });

  it("lists events newest first with filters and cursor pagination", async () => {
    const auth = { authorization: `Bearer ${buyer.accountKey}` };
    const page1 = (await (await fetch(`${service.url}/events?limit=2&type=source`, { headers: auth })).json()) as {
      events: { id: string; type: string }[];
      next_cursor: string;
    };
    expect(page1.events).toHaveLength(2);
    expect(page1.events.every((e) => e.type === "source")).toBe(true);
    expect(page1.events[0]!.id > page1.events[1]!.id).toBe(true);
    const page2 = (await (
      await fetch(`${service.url}/events?limit=2&type=source&cursor=${page1.next_cursor}`, { headers: auth })
    ).json()) as {
      events: { id: string }[];
    };
    expect(page2.events[0]!.id < page1.events[1]!.id).toBe(true);

    const failures = (await (await fetch(`${service.url}/events?outcome=failure`, { headers: auth })).json()) as {
      events: { outcome: string }[];
    };
    expect(failures.events.length).toBeGreaterThan(0);
    expect(failures.events.every((e) => e.outcome === "failure")).toBe(true);

    const bad = await fetch(`${service.url}/events?outcome=maybe`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_request" } });
  });
});
