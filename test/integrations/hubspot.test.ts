import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FieldMapping } from "../../core/mappings/field-mapping.ts";
import { renderMappings } from "../../core/mappings/render-mappings.ts";
import type { DeliveryRequest, DeliveryResult, IntegrationContext } from "../../core/integrations/integration.ts";
import { findIntegration } from "../../core/integrations/registry.ts";
import { hubspotIntegration } from "../../core/integrations/hubspot/hubspot-integration.ts";
import type { HubSpotSettings } from "../../core/integrations/hubspot/hubspot-settings.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot, type FakeHubSpotOptions } from "../fakes/hubspot.ts";
import { secretFreeIntegration } from "../support/secret-free-integration.ts";
import { testOutboundGuard } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";

const READ_ONLY_TOKEN = "pat-na1-read-only-0000-4000-8000-000000000002";
const NO_LISTS_TOKEN = "pat-na1-no-lists-0000-4000-8000-000000000003";
const EXPIRED_TOKEN = "pat-na1-expired-0000-4000-8000-000000000004";
const SECRETS = [HUBSPOT_DEFAULT_TOKEN, READ_ONLY_TOKEN, NO_LISTS_TOKEN, EXPIRED_TOKEN];

const LEAD = {
  first_name: "Ada",
  last_name: "Lovelace",
  email: "ada@example.com",
  phone_1: "5125550134",
  company: "Analytical Engines",
  address_1: "12 St James's Square",
  city: "London",
  state: "TX",
  postal_code: "78701",
  country: "US",
};

let hs: FakeHubSpot;

async function startHubSpot(options: FakeHubSpotOptions = {}): Promise<FakeHubSpot> {
  hs = await startFakeHubSpot({
    tokens: {
      valid: [HUBSPOT_DEFAULT_TOKEN, READ_ONLY_TOKEN, NO_LISTS_TOKEN],
      expired: [EXPIRED_TOKEN],
      scopes: {
        [READ_ONLY_TOKEN]: ["crm.objects.contacts.read"],
        [NO_LISTS_TOKEN]: ["crm.objects.contacts.read", "crm.objects.contacts.write"],
      },
    },
    ...options,
  });
  return hs;
}

function context(
  options: { token?: string; settings?: HubSpotSettings; mappings?: FieldMapping[]; timeoutMs?: number } = {},
): IntegrationContext<HubSpotSettings> {
  return {
    destination: {
      id: "dst-hubspot",
      name: "HubSpot",
      action: "upsert-contact",
      authMethod: "private-app",
      settings: options.settings ?? {},
      mappings: options.mappings ?? [],
    },
    credentials: { accessToken: options.token ?? HUBSPOT_DEFAULT_TOKEN },
    endpoints: { hubspotApiUrl: hs.url, salesforceLoginUrl: "http://127.0.0.1:9", outbound: testOutboundGuard() },
    timeoutMs: options.timeoutMs ?? 2000,
    saveCredentials: () => Promise.reject(new Error("a private app token is never renewed")),
  };
}

let attempt = 0;
function request(lead: Record<string, unknown> = LEAD, mappings: FieldMapping[] = hubspotIntegration.defaultMappings): DeliveryRequest {
  attempt += 1;
  return {
    deliveryId: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    leadId: "0190a1b2-c3d4-7e5f-8a9b-000000000001",
    isTest: false,
    mapped: renderMappings(mappings, { lead, raw: {} }),
    attempt,
  };
}

const checked = secretFreeIntegration(hubspotIntegration, SECRETS);
const verify = checked.verify;

function deliver(ctx: IntegrationContext<HubSpotSettings>, req: DeliveryRequest = request()): Promise<DeliveryResult> {
  return checked.deliver(ctx, req);
}

beforeEach(async () => {
  await startHubSpot();
});
afterEach(async () => {
  await hs.close();
});

describe("HubSpot integration", () => {
  it("is registered with its auth method, action, fields and default mappings", () => {
    expect(findIntegration("hubspot")).toBe(hubspotIntegration);
    expect(hubspotIntegration.authMethods).toEqual([
      expect.objectContaining({ id: "private-app", fields: [expect.objectContaining({ name: "accessToken", secret: true })] }),
    ]);
    expect(hubspotIntegration.actions).toEqual([{ id: "upsert-contact", label: "Create or update a contact" }]);
    expect(hubspotIntegration.fields.find((f) => f.name === "email")?.required).toBe(true);
    expect(hubspotIntegration.defaultMappings).toContainEqual({ to: "zip", template: "{{lead.postal_code}}" });
    expect(hubspotIntegration.settingsSchema.safeParse({ listId: "abc" }).success).toBe(false);
  });

  describe("deliver", () => {
    it("creates a contact keyed on email and reports the new contact id", async () => {
      const result = await deliver(context());
      expect(result).toMatchObject({ outcome: "success", recordId: "512", summary: "HubSpot contact 512 created" });
      const [contact] = hs.contactsByEmail("ada@example.com");
      expect(contact?.properties).toMatchObject({
        firstname: "Ada",
        lastname: "Lovelace",
        phone: "5125550134",
        zip: "78701",
        address: "12 St James's Square",
      });

      const [sent] = hs.requestsTo("POST /crm/v3/objects/contacts/batch/upsert");
      expect(sent?.headers.authorization).toBe(`Bearer ${HUBSPOT_DEFAULT_TOKEN}`);
      expect(sent?.body).toMatchObject({
        inputs: [{ idProperty: "email", id: "ada@example.com", properties: { firstname: "Ada", email: "ada@example.com" } }],
      });
      expect(result.snapshot.request?.headers?.authorization).toBe("[redacted]");
      expect(result.snapshot.response?.status).toBe(200);
    });

    it("updates the existing contact instead of creating a second one", async () => {
      const existing = hs.seedContact({ email: "ada@example.com", firstname: "Augusta" });
      const result = await deliver(context(), request({ ...LEAD, email: "ADA@example.com" }));
      expect(result).toMatchObject({ outcome: "success", recordId: existing.id, summary: `HubSpot contact ${existing.id} updated` });
      expect(hs.contactsByEmail("ada@example.com")).toHaveLength(1);
      expect(hs.contactsByEmail("ada@example.com")[0]?.properties.firstname).toBe("Ada");
    });

    it("adds the contact to the static list in settings", async () => {
      const list = hs.createList({ name: "Web leads" });
      const first = await deliver(context({ settings: { listId: list.listId } }));
      expect(first).toMatchObject({
        outcome: "success",
        recordId: "512",
        summary: `HubSpot contact 512 created, added to list ${list.listId}`,
      });
      expect(hs.listMembers(list.listId)).toEqual(["512"]);
      expect(hs.requestsTo(`PUT /crm/v3/lists/${list.listId}/memberships/add`)[0]?.body).toEqual(["512"]);

      const again = await deliver(context({ settings: { listId: list.listId } }));
      expect(again).toMatchObject({ outcome: "success", summary: `HubSpot contact 512 updated, already in list ${list.listId}` });
    });

    it("reads the recordIdsAdded spelling of the membership answer too", async () => {
      await hs.close();
      await startHubSpot({ membershipAddedKey: "recordIdsAdded" });
      const list = hs.createList({ name: "Web leads" });
      const result = await deliver(context({ settings: { listId: list.listId } }));
      expect(result).toMatchObject({ outcome: "success", summary: `HubSpot contact 512 created, added to list ${list.listId}` });
    });

    it("still succeeds when the list add fails, and says why in the summary", async () => {
      const missing = await deliver(context({ settings: { listId: "999" } }));
      expect(missing).toMatchObject({
        outcome: "success",
        recordId: "512",
        summary: "HubSpot contact 512 created; not added to list 999: List 999 not found",
      });

      const list = hs.createList({ name: "Web leads" });
      const noScope = await deliver(context({ token: NO_LISTS_TOKEN, settings: { listId: list.listId } }));
      expect(noScope).toMatchObject({
        outcome: "success",
        summary: `HubSpot contact 512 updated; not added to list ${list.listId}: Missing HubSpot scope crm.lists.write`,
      });
      expect(hs.listMembers(list.listId)).toEqual([]);
      expect(hs.contactsByEmail("ada@example.com")).toHaveLength(1);
    });

    it("fails a lead with no email without calling HubSpot", async () => {
      const result = await deliver(context(), request({ ...LEAD, email: "" }));
      expect(result).toMatchObject({
        outcome: "failure",
        reason: "Missing required field: email",
        fix: "Map a field to email",
        disposition: "stop",
      });
      expect(hs.requests).toHaveLength(0);
    });

    it("maps 401 INVALID_AUTHENTICATION to Invalid API Key (auth)", async () => {
      const result = await deliver(context({ token: "pat-na1-wrong" }));
      expect(result).toMatchObject({
        outcome: "error",
        reason: "Invalid API Key",
        fix: "Re-enter your HubSpot private app access token",
        disposition: "auth",
      });
      expect(result.snapshot.response?.status).toBe(401);
    });

    it("maps 401 EXPIRED_AUTHENTICATION to token expired (auth)", async () => {
      const result = await deliver(context({ token: EXPIRED_TOKEN }));
      expect(result).toMatchObject({ outcome: "error", reason: "Authentication failed: token expired", disposition: "auth" });
    });

    it("maps 403 MISSING_SCOPES to the scope HubSpot names (auth)", async () => {
      const result = await deliver(context({ token: READ_ONLY_TOKEN }));
      expect(result).toMatchObject({ outcome: "error", reason: "Missing HubSpot scope crm.objects.contacts.write", disposition: "auth" });
    });

    it("maps PROPERTY_DOESNT_EXIST to a field mapping error (stop)", async () => {
      const mappings = [...hubspotIntegration.defaultMappings, { to: "foo", template: "{{lead.first_name}}" }];
      const result = await deliver(context({ mappings }), request(LEAD, mappings));
      expect(result).toMatchObject({
        outcome: "failure",
        reason: "Field mapping error: HubSpot has no property foo",
        fix: "Edit field mappings: remove or rename foo",
        disposition: "stop",
      });
      expect(hs.contacts()).toHaveLength(0);
    });

    it("maps INVALID_EMAIL to Invalid email without echoing the address", async () => {
      const result = await deliver(context(), request({ ...LEAD, email: "ada-at-example" }));
      expect(result).toMatchObject({ outcome: "failure", reason: "Invalid email", disposition: "stop" });
      if (result.outcome !== "success") expect(`${result.reason} ${result.fix ?? ""}`).not.toContain("ada-at-example");
    });

    it("maps INVALID_OPTION to a field mapping error naming the property", async () => {
      const mappings = [...hubspotIntegration.defaultMappings, { to: "lifecyclestage", template: "hot" }];
      const result = await deliver(context({ mappings }), request(LEAD, mappings));
      expect(result).toMatchObject({
        outcome: "failure",
        reason: "Field mapping error: invalid option for lifecyclestage",
        disposition: "stop",
      });
    });

    it("retries a 429 after HubSpot's rate-limit interval", async () => {
      hs.rateLimitNext(1, "POST /crm/v3/objects/contacts/batch/upsert");
      const result = await deliver(context());
      expect(result).toMatchObject({ outcome: "error", reason: "Rate limited", disposition: "retry", retryAfterMs: 1000 });
      expect(result.snapshot.response?.headers?.["x-hubspot-ratelimit-interval-milliseconds"]).toBe("1000");
    });

    it("falls back to Retry-After on a 429 without the interval header", async () => {
      hs.failNext("POST /crm/v3/objects/contacts/batch/upsert", {
        status: 429,
        headers: { "retry-after": "7" },
        body: { status: "error", message: "You have reached your daily limit.", errorType: "RATE_LIMIT", policyName: "DAILY" },
      });
      const result = await deliver(context());
      expect(result).toMatchObject({ outcome: "error", reason: "Rate limited", disposition: "retry", retryAfterMs: 7000 });
    });

    it("retries 5xx answers", async () => {
      hs.failNext("POST /crm/v3/objects/contacts/batch/upsert", { status: 502, body: "<html>Bad Gateway</html>" });
      const result = await deliver(context());
      expect(result).toMatchObject({ outcome: "error", reason: "Server error (HTTP 502)", disposition: "retry" });
    });

    it("retries a timeout, and the retry updates the contact the slow attempt created", async () => {
      hs.delayNext("POST /crm/v3/objects/contacts/batch/upsert", 600, 1, { completeIfAbandoned: true });
      const first = await deliver(context({ timeoutMs: 200 }));
      expect(first).toMatchObject({ outcome: "error", reason: "Timeout", disposition: "retry" });
      await waitFor("the contact HubSpot finished creating", () => hs.contactsByEmail("ada@example.com").length === 1, 3_000, 20);

      const second = await deliver(context());
      expect(second).toMatchObject({ outcome: "success", recordId: "512", summary: "HubSpot contact 512 updated" });
      expect(hs.contactsByEmail("ada@example.com")).toHaveLength(1);
    });

    it("retries a dropped connection", async () => {
      hs.dropNext("POST /crm/v3/objects/contacts/batch/upsert");
      const result = await deliver(context());
      expect(result).toMatchObject({ outcome: "error", disposition: "retry" });
      if (result.outcome !== "success") expect(result.reason).toMatch(/^Connection failed/);
    });

    it("reads a per-input error from a 207 Multi-Status answer", async () => {
      hs.failNext("POST /crm/v3/objects/contacts/batch/upsert", {
        status: 207,
        body: {
          status: "COMPLETE",
          results: [],
          numErrors: 1,
          errors: [
            {
              status: "error",
              category: "VALIDATION_ERROR",
              message: 'Property values were not valid: [{"isValid":false,"error":"INVALID_EMAIL","name":"email"}]',
            },
          ],
        },
      });
      const result = await deliver(context());
      expect(result).toMatchObject({ outcome: "failure", reason: "Invalid email", disposition: "stop" });
    });
  });

  describe("verify", () => {
    it("passes with a working token, an existing static list and default mappings", async () => {
      const list = hs.createList({ name: "Web leads" });
      const result = await verify(context({ settings: { listId: list.listId } }));
      expect(result).toEqual({ ok: true, summary: `Connected to HubSpot; 10 mapped properties exist; contacts join list "Web leads"` });
      expect(hs.requestsTo("GET /crm/v3/objects/contacts")[0]?.query).toEqual({ limit: "1" });
    });

    it("reports a bad token on accessToken", async () => {
      expect(await verify(context({ token: "pat-na1-wrong" }))).toEqual({
        ok: false,
        problems: [{ field: "accessToken", message: "Invalid API Key" }],
      });
      expect(await verify(context({ token: EXPIRED_TOKEN }))).toEqual({
        ok: false,
        problems: [{ field: "accessToken", message: "Token expired" }],
      });
      expect(await verify(context({ token: "" }))).toEqual({
        ok: false,
        problems: [{ field: "accessToken", message: "Enter your HubSpot private app access token" }],
      });
    });

    it("reports a missing list and an active list on settings.listId", async () => {
      expect(await verify(context({ settings: { listId: "123" } }))).toEqual({
        ok: false,
        problems: [{ field: "settings.listId", message: "List 123 not found" }],
      });
      const dynamic = hs.createList({ name: "Everyone", processingType: "DYNAMIC" });
      expect(await verify(context({ settings: { listId: dynamic.listId } }))).toEqual({
        ok: false,
        problems: [
          { field: "settings.listId", message: `List ${dynamic.listId} is an active list; contacts can only be added to static lists` },
        ],
      });
    });

    it("reports unknown properties and an unmapped email on mappings", async () => {
      const mappings = [
        { to: "firstname", template: "{{lead.first_name}}" },
        { to: "foo", template: "{{lead.comments}}" },
      ];
      expect(await verify(context({ mappings }))).toEqual({
        ok: false,
        problems: [
          { field: "mappings", message: "Map a field to email" },
          { field: "mappings", message: "HubSpot has no property foo" },
        ],
      });
    });

    it("reports an unreachable HubSpot on destination", async () => {
      hs.delayNext("GET /crm/v3/objects/contacts", 600);
      expect(await verify(context({ timeoutMs: 200 }))).toEqual({
        ok: false,
        problems: [{ field: "destination", message: "Cannot reach HubSpot: Timeout" }],
      });
    });
  });
});
