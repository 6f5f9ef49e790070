import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryRequest, DeliveryResult, IntegrationContext } from "../../core/integrations/integration.ts";
import { findIntegration } from "../../core/integrations/registry.ts";
import { SALESFORCE_REQUEST_LIMIT_RETRY_MS } from "../../core/integrations/salesforce/salesforce-error.ts";
import { salesforceIntegration } from "../../core/integrations/salesforce/salesforce-integration.ts";
import {
  authorizationUrl,
  clientCredentialsToken,
  exchangeAuthorizationCode,
  refreshAccessToken,
} from "../../core/integrations/salesforce/salesforce-oauth.ts";
import { salesforceSettingsSchema, type SalesforceSettings } from "../../core/integrations/salesforce/salesforce-settings.ts";
import type { FieldMapping } from "../../core/mappings/field-mapping.ts";
import { renderMappings } from "../../core/mappings/render-mappings.ts";
import { SALESFORCE_DEFAULT_CLIENT, startFakeSalesforce, type FakeSalesforce, type FakeSalesforceOptions } from "../fakes/salesforce.ts";
import { secretFreeIntegration } from "../support/secret-free-integration.ts";
import { testOutboundGuard } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";

const { clientId, clientSecret } = SALESFORCE_DEFAULT_CLIENT;
const DELIVERY_ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
const LEAD = {
  first_name: "Grace",
  last_name: "Hopper",
  email: "grace@example.com",
  phone_1: "5125550134",
  company: "US Navy",
  address_1: "1 Navy Way",
  city: "Arlington",
  state: "VA",
  postal_code: "22202",
  country: "US",
  comments: "Call after 5",
  reference: "crm-42",
};

let sf: FakeSalesforce;
/** Every secret the suite handed out or received; none may show up in a result. */
const secrets = new Set<string>([clientSecret]);

interface TestContext extends IntegrationContext<SalesforceSettings> {
  saved: Array<Record<string, string>>;
}

function oauthCredentials(): Record<string, string> {
  const tokens = sf.issueTokens();
  secrets.add(tokens.accessToken).add(tokens.refreshToken);
  return { clientId, clientSecret, refreshToken: tokens.refreshToken, accessToken: tokens.accessToken, instanceUrl: sf.url };
}

function context(
  options: {
    action?: "create-lead" | "upsert-lead";
    authMethod?: "oauth" | "client-credentials";
    credentials?: Record<string, string>;
    settings?: Partial<SalesforceSettings>;
    mappings?: FieldMapping[];
    timeoutMs?: number;
  } = {},
): TestContext {
  const ctx: TestContext = {
    destination: {
      id: "dst-salesforce",
      name: "Salesforce",
      action: options.action ?? "create-lead",
      authMethod: options.authMethod ?? "oauth",
      settings: salesforceSettingsSchema.parse(options.settings ?? {}),
      mappings: options.mappings ?? [],
    },
    credentials: options.credentials ?? oauthCredentials(),
    endpoints: { hubspotApiUrl: "http://127.0.0.1:9", salesforceLoginUrl: sf.url, outbound: testOutboundGuard() },
    timeoutMs: options.timeoutMs ?? 2000,
    saved: [],
    saveCredentials: (credentials) => {
      ctx.saved.push(credentials);
      ctx.credentials = credentials; // what the worker's next attempt would load
      if (credentials.accessToken) secrets.add(credentials.accessToken);
      if (credentials.refreshToken) secrets.add(credentials.refreshToken);
      return Promise.resolve();
    },
  };
  return ctx;
}

function request(
  lead: Record<string, unknown> = LEAD,
  options: { mappings?: FieldMapping[]; deliveryId?: string; attempt?: number } = {},
): DeliveryRequest {
  return {
    deliveryId: options.deliveryId ?? DELIVERY_ID,
    leadId: "0190a1b2-c3d4-7e5f-8a9b-000000000001",
    isTest: false,
    mapped: renderMappings(options.mappings ?? salesforceIntegration.defaultMappings, { lead, raw: {} }),
    attempt: options.attempt ?? 1,
  };
}

const checked = secretFreeIntegration(salesforceIntegration, secrets);
const expectNoSecrets = checked.expectNoSecrets;
const verify = checked.verify;

function deliver(ctx: TestContext, req: DeliveryRequest = request()): Promise<DeliveryResult> {
  return checked.deliver(ctx, req);
}

async function startSalesforce(options: FakeSalesforceOptions = {}): Promise<void> {
  sf = await startFakeSalesforce(options);
}

beforeEach(async () => {
  await startSalesforce();
});
afterEach(async () => {
  await sf.close();
});

const UPSERT_MAPPINGS: FieldMapping[] = [
  ...salesforceIntegration.defaultMappings,
  { to: "LeadRelay_Id__c", template: "{{lead.reference}}" },
];

describe("Salesforce integration", () => {
  it("is registered with both auth methods, both actions, fields and default mappings", () => {
    expect(findIntegration("salesforce")).toBe(salesforceIntegration);
    expect(salesforceIntegration.authMethods.map((m) => m.id)).toEqual(["oauth", "client-credentials"]);
    const oauthFields = salesforceIntegration.authMethods[0]!.fields;
    for (const name of ["refreshToken", "accessToken", "clientSecret"]) expect(oauthFields.find((f) => f.name === name)?.secret).toBe(true);
    expect(salesforceIntegration.actions.map((a) => a.id)).toEqual(["create-lead", "upsert-lead"]);
    expect(salesforceIntegration.fields.filter((f) => f.required).map((f) => f.name)).toEqual(["LastName", "Company"]);
    expect(salesforceIntegration.defaultMappings).toContainEqual({ to: "LastName", template: "{{lead.last_name}}" });
    expect(salesforceSettingsSchema.parse({})).toEqual({ apiVersion: "v62.0", externalIdField: "LeadRelay_Id__c" });
  });

  describe("create-lead", () => {
    it("creates a Lead through the external-id upsert keyed on the delivery id", async () => {
      const result = await deliver(context());
      const [lead] = sf.leads();
      expect(result).toMatchObject({ outcome: "success", recordId: lead?.Id, summary: `Salesforce Lead ${lead?.Id} created` });
      expect(lead).toMatchObject({
        LastName: "Hopper",
        FirstName: "Grace",
        Company: "US Navy",
        Email: "grace@example.com",
        Street: "1 Navy Way",
        Description: "Call after 5",
        LeadRelay_Id__c: DELIVERY_ID,
      });
      const [sent] = sf.requestsTo("PATCH /services/data/v62.0/sobjects/Lead/LeadRelay_Id__c/*");
      expect(sent?.path).toBe(`/services/data/v62.0/sobjects/Lead/LeadRelay_Id__c/${DELIVERY_ID}`);
      expect(sent?.headers.authorization).toMatch(/^Bearer /);
      expect(result.snapshot.request?.headers?.authorization).toBe("[redacted]");
      expect(result.snapshot.response?.status).toBe(201);
    });

    it("retries a timeout without a second Lead: the retry updates the Lead the slow attempt created", async () => {
      const ctx = context({ timeoutMs: 250 });
      sf.delayNext("PATCH /services/data/*", 700, 1, { completeIfAbandoned: true });
      const first = await deliver(ctx);
      expect(first).toMatchObject({ outcome: "error", reason: "Timeout", disposition: "retry" });
      await waitFor("the lead Salesforce finished creating", () => sf.leads().length === 1, 3_000, 20); // Salesforce finished the first request after we gave up

      const second = await deliver(ctx, request(LEAD, { attempt: 2 }));
      const leads = sf.leads();
      expect(leads).toHaveLength(1);
      expect(second).toMatchObject({
        outcome: "success",
        recordId: leads[0]?.Id,
        summary: `Salesforce Lead ${leads[0]?.Id} updated (created by an earlier attempt)`,
      });
    });

    it("makes one Lead per delivery, even for the same person", async () => {
      const ctx = context();
      await deliver(ctx, request(LEAD, { deliveryId: "0190a1b2-0000-7000-8000-000000000001" }));
      await deliver(ctx, request(LEAD, { deliveryId: "0190a1b2-0000-7000-8000-000000000002" }));
      expect(sf.leads()).toHaveLength(2);
    });
  });

  describe("upsert-lead", () => {
    it("creates, then updates the Lead with the same mapped external id", async () => {
      const ctx = context({ action: "upsert-lead", mappings: UPSERT_MAPPINGS });
      const first = await deliver(ctx, request(LEAD, { mappings: UPSERT_MAPPINGS }));
      const second = await deliver(
        ctx,
        request({ ...LEAD, company: "Remington Rand" }, { mappings: UPSERT_MAPPINGS, deliveryId: "0190a1b2-0000-7000-8000-000000000009" }),
      );
      const leads = sf.leads();
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ LeadRelay_Id__c: "crm-42", Company: "Remington Rand" });
      expect(first).toMatchObject({ outcome: "success", summary: `Salesforce Lead ${leads[0]?.Id} created` });
      expect(second).toMatchObject({ outcome: "success", recordId: leads[0]?.Id, summary: `Salesforce Lead ${leads[0]?.Id} updated` });
      expect(sf.requestsTo("PATCH /services/data/*")[0]?.body).not.toHaveProperty("LeadRelay_Id__c");
    });

    it("fails when nothing is mapped to the external id field", async () => {
      const result = await deliver(context({ action: "upsert-lead" }));
      expect(result).toMatchObject({
        outcome: "failure",
        reason: "Missing required field: LeadRelay_Id__c",
        fix: "Map a field to LeadRelay_Id__c",
        disposition: "stop",
      });
      expect(sf.requests).toHaveLength(0);
    });
  });

  describe("tokens", () => {
    it("refreshes an expired access token once, saves the new one and resends", async () => {
      const ctx = context();
      const { accessToken: old, refreshToken } = ctx.credentials;
      sf.expireAccessTokens();
      const result = await deliver(ctx);
      expect(result).toMatchObject({ outcome: "success", summary: expect.stringMatching(/created$/) as string });
      expect(sf.leads()).toHaveLength(1);
      expect(ctx.saved).toHaveLength(1);
      const saved = ctx.saved[0]!;
      expect(saved.accessToken).not.toBe(old);
      expect(sf.validAccessTokens()).toContain(saved.accessToken);
      expect(saved).toMatchObject({ refreshToken, instanceUrl: sf.url, clientId, clientSecret });
      expect(sf.requests.map((r) => `${r.method} ${r.path.split("/").slice(0, 4).join("/")}`)).toEqual([
        "PATCH /services/data/v62.0",
        "POST /services/oauth2/token",
        "PATCH /services/data/v62.0",
      ]);
      expect(sf.requestsTo("POST /services/oauth2/token")[0]?.body).toMatchObject({
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      });
    });

    it("gets a token first when none is cached", async () => {
      const { accessToken: _unused, ...credentials } = oauthCredentials();
      const ctx = context({ credentials });
      expect(await deliver(ctx)).toMatchObject({ outcome: "success" });
      expect(ctx.saved).toHaveLength(1);
      expect(sf.requestsTo("POST /services/oauth2/token")).toHaveLength(1);
    });

    it("asks to re-authorize when the refresh token is revoked (invalid_grant)", async () => {
      const ctx = context();
      sf.expireAccessTokens();
      sf.revokeRefreshToken(ctx.credentials.refreshToken!);
      const result = await deliver(ctx);
      expect(result).toMatchObject({ outcome: "error", reason: "Authentication failed: re-authorize Salesforce", disposition: "auth" });
      expect(ctx.saved).toHaveLength(0);
      expect(sf.leads()).toHaveLength(0);
      // the token exchange is snapshotted without bodies
      expect(result.snapshot.request).toMatchObject({ method: "POST", url: `${sf.url}/services/oauth2/token` });
      expect(result.snapshot.request).not.toHaveProperty("body");
      expect(result.snapshot.response).toMatchObject({ status: 400 });
      expect(result.snapshot.response).not.toHaveProperty("body");
    });

    it("blames the connected app when its secret is wrong (invalid_client)", async () => {
      const ctx = context({ credentials: { ...oauthCredentials(), clientSecret: "wrong-secret-value" } });
      secrets.add("wrong-secret-value");
      sf.expireAccessTokens();
      const result = await deliver(ctx);
      expect(result).toMatchObject({
        outcome: "error",
        reason: "Authentication failed: check the connected app's client id and secret",
        disposition: "auth",
      });
    });

    it("does not refresh twice when a token issued just now is rejected", async () => {
      const { accessToken: _unused, ...credentials } = oauthCredentials();
      const ctx = context({ credentials });
      sf.failNext("PATCH /services/data/*", {
        status: 401,
        body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }],
      });
      const result = await deliver(ctx);
      expect(result).toMatchObject({ outcome: "error", disposition: "auth" });
      expect(sf.requestsTo("POST /services/oauth2/token")).toHaveLength(1);
    });

    it("works with the client-credentials grant, and renews that token on 401", async () => {
      const ctx = context({ authMethod: "client-credentials", credentials: { clientId, clientSecret, loginUrl: sf.url } });
      expect(await deliver(ctx, request(LEAD, { deliveryId: "0190a1b2-0000-7000-8000-00000000000a" }))).toMatchObject({
        outcome: "success",
      });
      expect(ctx.saved[0]).toMatchObject({ clientId, clientSecret, loginUrl: sf.url, instanceUrl: sf.url });
      expect(sf.requestsTo("POST /services/oauth2/token")[0]?.body).toMatchObject({ grant_type: "client_credentials" });

      sf.expireAccessTokens();
      expect(await deliver(ctx, request(LEAD, { deliveryId: "0190a1b2-0000-7000-8000-00000000000b" }))).toMatchObject({
        outcome: "success",
      });
      expect(ctx.saved).toHaveLength(2);
      expect(sf.leads()).toHaveLength(2);
    });
  });

  describe("errors", () => {
    it("maps REQUIRED_FIELD_MISSING to the missing field (stop)", async () => {
      const result = await deliver(context(), request({ ...LEAD, company: "" }));
      expect(result).toMatchObject({
        outcome: "failure",
        reason: "Missing required field: Company",
        fix: "Map a field to Company",
        disposition: "stop",
      });
    });

    it.each(["duplicateResut", "duplicateResult"] as const)(
      "maps DUPLICATES_DETECTED (%s) to Duplicate with the matching record id",
      async (spelling) => {
        const existing = sf.seedLead({ LastName: "Hopper", Company: "Navy", Email: "grace@example.com" });
        sf.setDuplicateRule(spelling);
        const result = await deliver(context());
        expect(result).toMatchObject({ outcome: "failure", reason: "Duplicate", disposition: "stop", recordId: existing.Id });
        expect(sf.leads()).toHaveLength(1);
      },
    );

    it("maps INVALID_FIELD to a field mapping error", async () => {
      const mappings = [...salesforceIntegration.defaultMappings, { to: "Foo__c", template: "x" }];
      const result = await deliver(context({ mappings }), request(LEAD, { mappings }));
      expect(result).toMatchObject({
        outcome: "failure",
        reason: "Field mapping error: Salesforce has no field Foo__c",
        fix: "Edit field mappings: remove or rename Foo__c",
        disposition: "stop",
      });
    });

    it("maps an invalid email without echoing it", async () => {
      const result = await deliver(context(), request({ ...LEAD, email: "grace-at-navy" }));
      expect(result).toMatchObject({ outcome: "failure", reason: "Invalid email", disposition: "stop" });
      expect(JSON.stringify({ ...result, snapshot: undefined })).not.toContain("grace-at-navy");
    });

    it("retries REQUEST_LIMIT_EXCEEDED after an hour, or after a longer Retry-After", async () => {
      sf.setRequestLimitExceeded(true);
      const result = await deliver(context());
      expect(result).toMatchObject({
        outcome: "error",
        reason: "Salesforce API request limit exceeded",
        disposition: "retry",
        retryAfterMs: SALESFORCE_REQUEST_LIMIT_RETRY_MS,
      });
      expect(SALESFORCE_REQUEST_LIMIT_RETRY_MS).toBe(3_600_000);
      sf.setRequestLimitExceeded(false);

      sf.failNext("PATCH /services/data/*", {
        status: 403,
        headers: { "retry-after": "7200" },
        body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }],
      });
      expect(await deliver(context())).toMatchObject({ disposition: "retry", retryAfterMs: 7_200_000 });
    });

    it("retries 5xx answers and dropped connections", async () => {
      sf.failNext("PATCH /services/data/*", { status: 503, body: [{ errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" }] });
      expect(await deliver(context())).toMatchObject({ outcome: "error", reason: "Server error (HTTP 503)", disposition: "retry" });
      sf.dropNext("PATCH /services/data/*");
      expect(await deliver(context())).toMatchObject({
        outcome: "error",
        reason: expect.stringMatching(/^Connection failed/) as string,
        disposition: "retry",
      });
    });

    it("retries when the token endpoint times out", async () => {
      const ctx = context({ timeoutMs: 200 });
      sf.expireAccessTokens();
      sf.delayNext("POST /services/oauth2/token", 500);
      expect(await deliver(ctx)).toMatchObject({ outcome: "error", reason: "Timeout", disposition: "retry" });
    });
  });

  describe("verify", () => {
    it("passes with working credentials and default mappings, saving a fresh token", async () => {
      const ctx = context();
      const old = ctx.credentials.accessToken;
      const result = await verify(ctx);
      expect(result).toEqual({
        ok: true,
        summary: `Connected to Salesforce (${new URL(sf.url).host}); Lead fields and mappings check out`,
      });
      expect(ctx.saved).toHaveLength(1);
      expect(ctx.saved[0]?.accessToken).not.toBe(old);
      expect(sf.validAccessTokens()).toContain(ctx.saved[0]?.accessToken);
      expect(sf.requestsTo("GET /services/data/v62.0/sobjects/Lead/describe")).toHaveLength(1);
    });

    it("reports a revoked refresh token on refreshToken and a bad secret on clientSecret", async () => {
      const revoked = context();
      sf.revokeRefreshToken(revoked.credentials.refreshToken!);
      expect(await verify(revoked)).toEqual({
        ok: false,
        problems: [{ field: "refreshToken", message: "Authentication failed: re-authorize Salesforce" }],
      });

      const badSecret = context({ credentials: { ...oauthCredentials(), clientSecret: "wrong-secret-value" } });
      expect(await verify(badSecret)).toEqual({
        ok: false,
        problems: [{ field: "clientSecret", message: "Authentication failed: check the connected app's client id and secret" }],
      });

      const notConnected = context({ credentials: { clientId, clientSecret } });
      expect(await verify(notConnected)).toEqual({
        ok: false,
        problems: [{ field: "refreshToken", message: "Salesforce is not connected" }],
      });
    });

    it("reports an unmapped required field and an unknown field on mappings", async () => {
      const mappings = salesforceIntegration.defaultMappings.filter((m) => m.to !== "Company").concat({ to: "Foo__c", template: "x" });
      expect(await verify(context({ mappings }))).toEqual({
        ok: false,
        problems: [
          { field: "mappings", message: "Salesforce has no field Foo__c" },
          { field: "mappings", message: "Map a field to Company" },
        ],
      });
    });

    it("reports a missing external id field, and an unmapped one for upsert-lead", async () => {
      expect(await verify(context({ settings: { externalIdField: "Partner_Id__c" } }))).toEqual({
        ok: false,
        problems: [
          {
            field: "settings.externalIdField",
            message: "Lead has no field Partner_Id__c: create a unique External ID text field with that API name",
          },
        ],
      });
      expect(await verify(context({ action: "upsert-lead" }))).toEqual({
        ok: false,
        problems: [{ field: "mappings", message: "Map a field to LeadRelay_Id__c" }],
      });
      expect(await verify(context({ action: "upsert-lead", mappings: UPSERT_MAPPINGS }))).toMatchObject({ ok: true });
      expect(await verify(context({ mappings: UPSERT_MAPPINGS }))).toEqual({
        ok: false,
        problems: [{ field: "mappings", message: "Do not map LeadRelay_Id__c: leadrelay writes the delivery id there" }],
      });
    });

    it("reports an API version the org does not offer", async () => {
      expect(await verify(context({ settings: { apiVersion: "v99.0" } }))).toEqual({
        ok: false,
        problems: [{ field: "settings.apiVersion", message: "Salesforce has no API version v99.0" }],
      });
    });
  });

  describe("OAuth functions", () => {
    it("runs the authorization-code flow and then refreshes", async () => {
      const url = authorizationUrl({ loginUrl: `${sf.url}/`, clientId, redirectUri: "https://app.example/cb", state: "st-1" });
      expect(new URL(url).searchParams.get("response_type")).toBe("code");
      const redirect = await fetch(url, { redirect: "manual" });
      expect(redirect.status).toBe(302);
      const location = new URL(redirect.headers.get("location")!);
      expect(location.searchParams.get("state")).toBe("st-1");
      const code = location.searchParams.get("code")!;
      const exchangeCode = () =>
        exchangeAuthorizationCode({
          loginUrl: sf.url,
          clientId,
          clientSecret,
          code,
          redirectUri: "https://app.example/cb",
          timeoutMs: 2000,
        });

      const exchanged = await exchangeCode();
      expect(exchanged.ok).toBe(true);
      if (!exchanged.ok) return;
      expect(exchanged.tokens).toMatchObject({
        instanceUrl: sf.url,
        accessToken: expect.any(String) as string,
        refreshToken: expect.any(String) as string,
      });
      secrets.add(exchanged.tokens.accessToken).add(exchanged.tokens.refreshToken!);
      expect(exchanged.snapshot.request).not.toHaveProperty("body");
      expect(exchanged.snapshot.response).not.toHaveProperty("body");
      expectNoSecrets(exchanged.snapshot);

      const reused = await exchangeCode();
      expect(reused).toMatchObject({
        ok: false,
        error: { code: "invalid_grant", reason: "Authentication failed: re-authorize Salesforce", retryable: false },
      });

      const refreshed = await refreshAccessToken({
        loginUrl: sf.url,
        clientId,
        clientSecret,
        refreshToken: exchanged.tokens.refreshToken!,
        timeoutMs: 2000,
      });
      expect(refreshed).toMatchObject({ ok: true, tokens: { instanceUrl: sf.url } });
      if (refreshed.ok) {
        secrets.add(refreshed.tokens.accessToken);
        expect(refreshed.tokens.refreshToken).toBeUndefined();
      }
    });

    it("reports a bad client and an unreachable login host as typed errors", async () => {
      const bad = await clientCredentialsToken({ loginUrl: sf.url, clientId, clientSecret: "nope", timeoutMs: 2000 });
      expect(bad).toMatchObject({
        ok: false,
        error: {
          code: "invalid_client",
          reason: "Authentication failed: check the connected app's client id and secret",
          retryable: false,
        },
      });
      const unknownClient = await clientCredentialsToken({ loginUrl: sf.url, clientId: "who", clientSecret, timeoutMs: 2000 });
      expect(unknownClient).toMatchObject({ ok: false, error: { code: "invalid_client" } });

      sf.failNext("POST /services/oauth2/token", { status: 503, body: "down" });
      const down = await clientCredentialsToken({ loginUrl: sf.url, clientId, clientSecret, timeoutMs: 2000 });
      expect(down).toMatchObject({ ok: false, error: { code: "unavailable", reason: "Server error (HTTP 503)", retryable: true } });
      expectNoSecrets([bad, unknownClient, down]);
    });
  });
});
