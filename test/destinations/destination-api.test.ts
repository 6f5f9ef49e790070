import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import type { Config } from "../../core/config.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { SALESFORCE_DEFAULT_CLIENT, startFakeSalesforce, type FakeSalesforce } from "../fakes/salesforce.ts";
import { waitForDeliveryParked } from "../support/delivery-parked.ts";
import { TestBrowser } from "../support/oauth-browser.ts";
import { startSalesforceAuthorization } from "../support/salesforce-authorization.ts";
import { postLead } from "../support/leads.ts";
import { seedBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { waitFor } from "../support/wait-for.ts";
import { expectStatus, typedApi } from "../support/typed-api.ts";

let config: Config;
let service: RunningService;
let hubspot: FakeHubSpot;
let salesforce: FakeSalesforce;
let receiver: WebhookReceiver;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  hubspot = await startFakeHubSpot();
  salesforce = await startFakeSalesforce();
  receiver = await startWebhookReceiver();
  config = testConfig({
    HUBSPOT_API_URL: hubspot.url,
    SALESFORCE_LOGIN_URL: salesforce.url,
    DELIVERY_RETRY_SCHEDULE: "0.3,0.3,0.3,0.3,0.3,0.3,0.3,0.3,0.3,0.3",
    DESTINATION_UNHEALTHY_AFTER_HOURS: "0.0005",
    SOURCE_CACHE_TTL_MS: "600000",
  });
  service = await startService(config, createLogger("silent"));
});

afterAll(async () => {
  await service?.close();
  await hubspot?.close();
  await salesforce?.close();
  await receiver?.close();
});

/** The account's destinations, and one of them, through the typed client. */
const destinationsOf = (key: string) => typedApi(service.url, key).destinations;
const destinationOf = (key: string) => typedApi(service.url, key).destinations[":id"];

const hubspotDestination = (token: string, settings: Record<string, unknown> = {}) => ({
  integration: "hubspot",
  name: "Our HubSpot",
  auth_method: "private-app",
  action: "upsert-contact",
  settings,
  credentials: { accessToken: token },
});

describe("destinations API", () => {
  it("lists the integrations a buyer can choose from", async () => {
    const body = await expectStatus(typedApi(service.url).integrations.$get(), 200);
    expect(body.integrations.map((i) => i.id).sort()).toEqual(["hubspot", "salesforce", "webhook"]);
    const hub = body.integrations.find((i) => i.id === "hubspot")!;
    expect(hub.auth_methods[0]!.fields).toContainEqual(expect.objectContaining({ name: "accessToken", secret: true }));
  });

  it("refuses a bad token before any lead is sent, naming the input, and stores nothing", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const failed = await expectStatus(destinationsOf(buyer.accountKey).$post({ json: hubspotDestination("pat-na1-wrong") }), 422);
    expect(failed).toMatchObject({
      error: {
        code: "verification_failed",
        details: { problems: [{ field: "accessToken", message: expect.stringMatching(/Invalid API Key/) }] },
      },
    });
    expect(JSON.stringify(failed)).not.toContain("pat-na1-wrong");
    expect(await service.prisma.destination.count({ where: { accountId: buyer.accountId } })).toBe(0);
  });

  it("says when the list does not exist", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const failed = await expectStatus(
      destinationsOf(buyer.accountKey).$post({ json: hubspotDestination(HUBSPOT_DEFAULT_TOKEN, { listId: "424242" }) }),
      422,
    );
    expect(failed).toMatchObject({
      error: { details: { problems: [{ field: "settings.listId", message: expect.stringMatching(/424242/) }] } },
    });
  });

  it("names the Salesforce required field that has no mapping", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const tokens = salesforce.issueTokens();
    const json = {
      integration: "salesforce",
      name: "SF",
      auth_method: "oauth",
      action: "create-lead",
      credentials: {
        clientId: SALESFORCE_DEFAULT_CLIENT.clientId,
        clientSecret: SALESFORCE_DEFAULT_CLIENT.clientSecret,
        refreshToken: tokens.refreshToken,
        instanceUrl: salesforce.url,
      },
      mappings: [{ to: "LastName", template: "{{lead.last_name}}" }],
    };
    const failed = await expectStatus(destinationsOf(buyer.accountKey).$post({ json }), 422);
    expect(JSON.stringify(failed)).toContain("Map a field to Company");
  });

  it("saves a verified destination with masked credentials, enforces the partner limit, and test-sends through the real path", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const created = await expectStatus(destinationsOf(buyer.accountKey).$post({ json: hubspotDestination(HUBSPOT_DEFAULT_TOKEN) }), 201);
    expect(created.credentials).toEqual({ accessToken: `••••${HUBSPOT_DEFAULT_TOKEN.slice(-4)}` });
    expect(JSON.stringify(created)).not.toContain(HUBSPOT_DEFAULT_TOKEN);

    const second = await expectStatus(destinationsOf(buyer.accountKey).$post({ json: hubspotDestination(HUBSPOT_DEFAULT_TOKEN) }), 403);
    expect(second).toMatchObject({ error: { code: "plan_limit" } });

    const param = { id: created.id };
    const test = await expectStatus(
      destinationOf(buyer.accountKey).test.$post({ param, json: { fields: { email: "first.test@example.com" } } }),
      200,
    );
    expect(test.event).toMatchObject({ outcome: "success", is_test: true, reason: expect.stringMatching(/^HubSpot contact \d+ created/) });
    expect(hubspot.contactsByEmail("first.test@example.com")).toHaveLength(1);

    const other = destinationOf((await seedBuyer(service.prisma, secretBox)).accountKey);
    await expectStatus(other.$get({ param }), 404);
    await expectStatus(other.$patch({ param, json: { name: "mine" } }), 404);
    await expectStatus(other.test.$post({ param, json: {} }), 404);
  });

  it("after an auth failure, deliveries wait for new credentials and resume when they are saved", async () => {
    const token = "pat-na1-rotating-0000000000000001";
    hubspot.addToken(token);
    const buyer = await seedBuyer(service.prisma, secretBox);
    const created = await expectStatus(destinationsOf(buyer.accountKey).$post({ json: hubspotDestination(token) }), 201);
    const destinationId = created.id;
    hubspot.expireToken(token);

    const lead = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
      body: JSON.stringify({ email: "waiting@example.com", first_name: "Wai" }),
    });
    const leadId = ((await lead.json()) as { lead: { id: string } }).lead.id;
    const waiting = await waitFor("the delivery to wait", async () => {
      const d = await service.prisma.delivery.findFirst({ where: { leadId } });
      return d?.status === "waiting" ? d : null;
    });
    expect(waiting.lastReason).toBe("Authentication failed: token expired");
    const unhealthy = await expectStatus(destinationOf(buyer.accountKey).$get({ param: { id: destinationId } }), 200);
    expect(unhealthy).toMatchObject({ health: "unhealthy", health_reason: "Authentication failed: token expired" });
    const healthEvent = await service.prisma.event.findFirst({ where: { destinationId, type: "destination" } });
    expect(healthEvent).toMatchObject({ outcome: "failure", reason: "Authentication failed: token expired" });

    const fixed = await expectStatus(
      destinationOf(buyer.accountKey).$patch({
        param: { id: destinationId },
        json: { credentials: { accessToken: HUBSPOT_DEFAULT_TOKEN } },
      }),
      200,
    );
    expect(fixed).toMatchObject({ health: "healthy", version: 2 });
    await waitFor(
      "the waiting lead to be delivered",
      async () => (await service.prisma.lead.findUnique({ where: { id: leadId } }))?.status === "delivered",
    );
    expect(hubspot.contactsByEmail("waiting@example.com")).toHaveLength(1);
  });

  it("marks a destination that keeps failing unhealthy and stops burning retries", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox, {
      destination: { integration: "webhook", name: "Down", settings: { url: `${receiver.url}/always-down` } },
    });
    receiver.failNext("POST /always-down", { status: 503 }, 1_000);
    const leadId = await postLead(service.url, buyer, { email: "down@example.com" });
    const destination = await waitFor(
      "the destination to be marked unhealthy",
      async () => {
        const d = await service.prisma.destination.findUnique({ where: { id: buyer.destinationId! } });
        return d?.health === "unhealthy" ? d : null;
      },
      15_000,
    );
    expect(destination.healthReason).toMatch(/^Failing for 1 min: Server error \(HTTP 503\)/);
    const hits = receiver.requestsTo("POST /always-down").length;
    await waitForDeliveryParked(service.prisma, config.QUEUE_PREFIX, leadId);
    expect(receiver.requestsTo("POST /always-down").length).toBe(hits);
    receiver.clearFaults();
  });
});

describe("Salesforce OAuth authorization", () => {
  it("saves a destination awaiting authorization, then the browser round trip connects it and leads flow", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const { destination: created, authorizeUrl } = await startSalesforceAuthorization(
      typedApi(service.url, buyer.accountKey),
      "Our Salesforce",
    );
    expect(created).toMatchObject({ health: "unhealthy", health_reason: expect.stringMatching(/^Waiting for authorization/) });
    const destination = destinationOf(buyer.accountKey);
    const param = { id: created.id };
    // The link is our start page (startSalesforceAuthorization checks), which sets the browser's cookie and sends it on to Salesforce.
    const browser = new TestBrowser(service.url);
    const { salesforceUrl, callbackUrl: callback } = await browser.approve(authorizeUrl);
    expect(salesforceUrl.origin).toBe(salesforce.url);
    expect(callback.pathname).toBe("/oauth/salesforce/callback");
    // The fake Salesforce approved at once and redirected the browser to our callback.
    const page = await browser.visit(callback);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Salesforce is connected");

    const connected = await expectStatus(destination.$get({ param }), 200);
    expect(connected).toMatchObject({
      health: "healthy",
      credentials: { refreshToken: expect.stringMatching(/^••••/), instanceUrl: salesforce.url },
    });
    const test = await expectStatus(
      destination.test.$post({ param, json: { fields: { last_name: "Oauth", company: "Callback Co" } } }),
      200,
    );
    expect(test.event).toMatchObject({ outcome: "success" });
    expect(salesforce.leads().some((lead) => lead.Company === "Callback Co")).toBe(true);

    const replay = await browser.visit(`${service.url}${callback.pathname}?code=stolen&state=${encodeURIComponent("v1.bad.state.x.y")}`);
    expect(replay.status).toBe(400);
  });
});

describe("editing a destination while leads flow", () => {
  it("loses no delivery: leads before, during and after the edit are all delivered, the later ones with the new mapping", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox, {
      destination: { integration: "webhook", name: "Live", settings: { url: `${receiver.url}/live-edit` } },
    });
    const post = (i: number) =>
      fetch(`${service.url}${buyer.submitPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
        body: JSON.stringify({ email: `live${i}@example.com`, first_name: `Live${i}` }),
      }).then(async (res) => ((await res.json()) as { lead: { id: string } }).lead.id);

    const before = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i)));
    const [during, edit] = await Promise.all([
      Promise.all(Array.from({ length: 10 }, (_, i) => post(10 + i))),
      expectStatus(
        destinationOf(buyer.accountKey).$patch({
          param: { id: buyer.destinationId! },
          json: { name: "Live v2", mappings: [{ to: "contact_email", template: "{{lead.email}}" }] },
        }),
        200,
      ),
    ]);
    expect(edit.name).toBe("Live v2");
    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => post(20 + i)));
    const all = [...before, ...during, ...after];
    await waitFor(
      "all 30 leads delivered",
      async () => (await service.prisma.lead.count({ where: { id: { in: all }, status: "delivered" } })) === 30,
      20_000,
    );
    const bodies = receiver.requestsTo("POST /live-edit").map((r) => r.body as Record<string, string>);
    expect(new Set(bodies.map((b) => b.email ?? b.contact_email)).size).toBe(30);
    // Leads posted after the edit went out with the new mapping.
    expect(bodies.filter((b) => /^live2\d@/.test(b.contact_email ?? "")).length).toBe(10);
  });
});

describe("recipient steps", () => {
  it("detaching a destination stops new leads going there; attaching it again resumes", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox, {
      destination: { integration: "webhook", name: "Steps", settings: { url: `${receiver.url}/steps` } },
    });
    const post = async (email: string) => {
      const res = await fetch(`${service.url}${buyer.submitPath}`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
        body: JSON.stringify({ email }),
      });
      return ((await res.json()) as { lead: { id: string } }).lead.id;
    };
    // Intake has the flow cached (for ten minutes in this suite): the edits must drop it, not time out.
    const first = await post("first@example.com");
    expect(await service.prisma.delivery.count({ where: { leadId: first } })).toBe(1);
    const step = typedApi(service.url, buyer.accountKey).flows[":id"].steps[":destinationId"];
    const stepParam = { id: buyer.flowId, destinationId: buyer.destinationId! };
    const detached = await expectStatus(step.$delete({ param: stepParam }), 200);
    expect(detached.steps).toEqual([]);
    const unrouted = await post("unrouted@example.com");
    expect(await service.prisma.delivery.count({ where: { leadId: unrouted } })).toBe(0);

    const attached = await expectStatus(step.$put({ param: stepParam }), 200);
    expect(attached.steps).toEqual([expect.objectContaining({ destination_id: buyer.destinationId })]);
    const routed = await post("routed@example.com");
    await waitFor(
      "the routed lead delivered",
      async () => (await service.prisma.lead.findUnique({ where: { id: routed } }))?.status === "delivered",
    );
  });
});
