import { ErrorCode, WebClient, type WebAPIPlatformError, type WebAPIRateLimitedError } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeHttpServer, type FakeHttpServer } from "./fake-http-server.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "./hubspot.ts";
import { SALESFORCE_DEFAULT_CLIENT, startFakeSalesforce, withChecksum, type FakeSalesforce } from "./salesforce.ts";
import { startFakeSlack, type FakeSlack } from "./slack.ts";

type Json = Record<string, unknown>;

async function call(
  url: string,
  init: RequestInit & { json?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    redirect: "manual",
    headers: {
      ...(json !== undefined ? { "content-type": "application/json" } : {}),
      ...(rest.headers as Record<string, string> | undefined),
    },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body };
}

describe("fake-http-server", () => {
  let fake: FakeHttpServer;
  beforeAll(async () => {
    fake = await startFakeHttpServer((request) => ({ status: 200, body: { echo: request.body ?? null } }));
  });
  afterAll(() => fake.close());

  it("records requests and parses JSON and form bodies", async () => {
    await call(`${fake.url}/a?x=1`, { method: "POST", json: { hello: "world" } });
    await call(`${fake.url}/b`, { method: "POST", body: "a=1&b=two", headers: { "content-type": "application/x-www-form-urlencoded" } });
    const [a, b] = fake.requests.slice(-2);
    expect(a).toMatchObject({ method: "POST", path: "/a", query: { x: "1" }, body: { hello: "world" }, rawBody: '{"hello":"world"}' });
    expect(b?.body).toEqual({ a: "1", b: "two" });
  });

  it("scripts failures, delays and dropped sockets for the next matching requests", async () => {
    fake.failNext("POST /fail/*", { status: 503, headers: { "retry-after": "2" }, body: { error: "down" } }, 2);
    expect((await call(`${fake.url}/fail/x`, { method: "POST", json: {} })).status).toBe(503);
    expect((await call(`${fake.url}/fail/x`, { method: "GET" })).status).toBe(200); // method does not match
    expect((await call(`${fake.url}/fail/y`, { method: "POST", json: {} })).status).toBe(503);
    expect((await call(`${fake.url}/fail/z`, { method: "POST", json: {} })).status).toBe(200);

    fake.delayNext("/slow", 500);
    await expect(fetch(`${fake.url}/slow`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();

    fake.dropNext(/^\/drop$/);
    await expect(fetch(`${fake.url}/drop`)).rejects.toThrow(/fetch failed/);
    expect((await call(`${fake.url}/drop`)).status).toBe(200);
    expect(fake.requestsTo("/drop").map((r) => r.fault)).toEqual(["drop", undefined]);
  });
});

describe("fake HubSpot", () => {
  let hs: FakeHubSpot;
  const auth = { authorization: `Bearer ${HUBSPOT_DEFAULT_TOKEN}` };
  beforeAll(async () => {
    hs = await startFakeHubSpot({
      tokens: { valid: [HUBSPOT_DEFAULT_TOKEN, "read-only"], expired: ["old"], scopes: { "read-only": ["crm.objects.contacts.read"] } },
      properties: [{ name: "leadrelay_source", label: "LeadRelay Source" }],
    });
  });
  afterAll(() => hs.close());

  it("upserts by email: creates once, then updates the same contact", async () => {
    const upsert = (firstname: string) =>
      call(`${hs.url}/crm/v3/objects/contacts/batch/upsert`, {
        method: "POST",
        headers: auth,
        json: { inputs: [{ idProperty: "email", id: "Ada@Example.com", properties: { firstname, leadrelay_source: "web" } }] },
      });
    const first = await upsert("Ada");
    expect(first.status).toBe(200);
    const firstBody = first.body as Json & { results: Array<Json & { properties: Json }> };
    expect(firstBody.status).toBe("COMPLETE");
    expect(firstBody.results[0]).toMatchObject({
      id: "512",
      new: true,
      archived: false,
      properties: { firstname: "Ada", email: "ada@example.com" },
    });
    expect(typeof firstBody.startedAt).toBe("string");

    const second = await upsert("Ada L.");
    expect((second.body as { results: Json[] }).results[0]).toMatchObject({ id: "512", new: false });
    expect(hs.contactsByEmail("ada@example.com")).toHaveLength(1);
    expect(hs.contactsByEmail("ada@example.com")[0]?.properties.firstname).toBe("Ada L.");
  });

  it("creates (201), conflicts (409) and updates (200) single contacts", async () => {
    const created = await call(`${hs.url}/crm/v3/objects/contacts`, {
      method: "POST",
      headers: auth,
      json: { properties: { email: "bob@example.com", lifecyclestage: "lead" } },
    });
    expect(created.status).toBe(201);
    const id = (created.body as Json).id as string;
    const conflict = await call(`${hs.url}/crm/v3/objects/contacts`, {
      method: "POST",
      headers: auth,
      json: { properties: { email: "BOB@example.com" } },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: "error", message: `Contact already exists. Existing ID: ${id}`, category: "CONFLICT" });
    expect(typeof (conflict.body as Json).correlationId).toBe("string");
    const patched = await call(`${hs.url}/crm/v3/objects/contacts/${id}`, {
      method: "PATCH",
      headers: auth,
      json: { properties: { phone: "+1 555 0100" } },
    });
    expect(patched.status).toBe(200);
    expect(hs.contact(id)?.properties.phone).toBe("+1 555 0100");
  });

  it("rejects unknown properties, invalid emails and bad options with HubSpot's embedded-JSON message", async () => {
    const bad = await call(`${hs.url}/crm/v3/objects/contacts`, {
      method: "POST",
      headers: auth,
      json: { properties: { email: "x@example.com", foo: "1" } },
    });
    expect(bad.status).toBe(400);
    const body = bad.body as { message: string; category: string };
    expect(body.category).toBe("VALIDATION_ERROR");
    expect(body.message.startsWith("Property values were not valid: ")).toBe(true);
    const details = JSON.parse(body.message.slice("Property values were not valid: ".length)) as Json[];
    expect(details).toEqual([
      {
        isValid: false,
        message: 'Property "foo" does not exist',
        error: "PROPERTY_DOESNT_EXIST",
        name: "foo",
        localizedErrorMessage: 'Property "foo" does not exist',
        portalId: 123,
      },
    ]);

    const email = await call(`${hs.url}/crm/v3/objects/contacts/batch/upsert`, {
      method: "POST",
      headers: auth,
      json: { inputs: [{ idProperty: "email", id: "not-an-email", properties: {} }] },
    });
    expect(email.status).toBe(400);
    expect((email.body as { message: string }).message).toContain('"error":"INVALID_EMAIL","name":"email"');

    const option = await call(`${hs.url}/crm/v3/objects/contacts`, {
      method: "POST",
      headers: auth,
      json: { properties: { email: "o@example.com", lifecyclestage: "prospect" } },
    });
    expect((option.body as { message: string }).message).toContain('"error":"INVALID_OPTION","name":"lifecyclestage"');
  });

  it("answers 401 for missing/expired tokens and 403 for missing scopes", async () => {
    const missing = await call(`${hs.url}/crm/v3/objects/contacts?limit=1`);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION" });
    expect((missing.body as { message: string }).message).toMatch(/^Authentication credentials not found/);

    const expired = await call(`${hs.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: "Bearer old" } });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ category: "EXPIRED_AUTHENTICATION" });
    expect((expired.body as { message: string }).message).toMatch(/^The OAuth token used to make this call expired/);

    const readOk = await call(`${hs.url}/crm/v3/objects/contacts?limit=1`, { headers: { authorization: "Bearer read-only" } });
    expect(readOk.status).toBe(200);
    expect(readOk.body).toMatchObject({
      results: [expect.objectContaining({ id: "512" })],
      paging: { next: { after: expect.any(String) as string } },
    });

    const write = await call(`${hs.url}/crm/v3/objects/contacts`, {
      method: "POST",
      headers: { authorization: "Bearer read-only" },
      json: { properties: {} },
    });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({
      status: "error",
      category: "MISSING_SCOPES",
      errors: [
        {
          message: "One or more of the following scopes are required.",
          context: { requiredGranularScopes: ["crm.objects.contacts.write"] },
        },
      ],
    });
  });

  it("lists property definitions including custom ones", async () => {
    const { status, body } = await call(`${hs.url}/crm/v3/properties/contacts`, { headers: auth });
    expect(status).toBe(200);
    const results = (body as { results: Array<{ name: string; options: Array<{ value: string }> }> }).results;
    expect(results.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "email",
        "firstname",
        "lastname",
        "phone",
        "company",
        "zip",
        "jobtitle",
        "lifecyclestage",
        "leadrelay_source",
      ]),
    );
    expect(results.find((p) => p.name === "email")).toMatchObject({ label: "Email", type: "string", fieldType: "text" });
    expect(results.find((p) => p.name === "lifecyclestage")?.options.map((o) => o.value)).toContain("customer");
  });

  it("serves lists and list memberships", async () => {
    const list = hs.createList({ name: "Webinar leads" });
    const got = await call(`${hs.url}/crm/v3/lists/${list.listId}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ list: { listId: list.listId, name: "Webinar leads", processingType: "MANUAL" } });

    const missing = await call(`${hs.url}/crm/v3/lists/123`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: "error", message: "List does not exist with ID 123.", category: "OBJECT_NOT_FOUND" });

    const added = await call(`${hs.url}/crm/v3/lists/${list.listId}/memberships/add`, {
      method: "PUT",
      headers: auth,
      json: ["512", "999999"],
    });
    expect(added.status).toBe(200);
    expect(added.body).toEqual({ recordsIdsAdded: ["512"], recordIdsMissing: ["999999"] });
    expect(hs.listMembers(list.listId)).toEqual(["512"]);
  });

  it("answers 429 with HubSpot's rate-limit headers when told to", async () => {
    hs.rateLimitNext(1);
    const limited = await call(`${hs.url}/crm/v3/objects/contacts?limit=1`, { headers: auth });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-hubspot-ratelimit-secondly-remaining")).toBe("0");
    expect(limited.headers.get("x-hubspot-ratelimit-max")).toBe("100");
    expect(limited.body).toMatchObject({
      status: "error",
      errorType: "RATE_LIMIT",
      policyName: "SECONDLY",
      message: "You have reached your secondly limit.",
    });
    expect((await call(`${hs.url}/crm/v3/objects/contacts?limit=1`, { headers: auth })).status).toBe(200);
  });
});

describe("fake Salesforce", () => {
  let sf: FakeSalesforce;
  const { clientId, clientSecret } = SALESFORCE_DEFAULT_CLIENT;
  const form = (fields: Record<string, string>) => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
  beforeAll(async () => {
    sf = await startFakeSalesforce({ clients: [{ clientId, clientSecret, redirectUris: ["https://app.example/cb"] }] });
  });
  afterAll(() => sf.close());

  async function login(): Promise<{ access: string; refresh: string }> {
    const authorize = await call(
      `${sf.url}/services/oauth2/authorize?response_type=code&client_id=${encodeURIComponent(clientId)}&redirect_uri=${encodeURIComponent("https://app.example/cb")}&state=xyz`,
    );
    expect(authorize.status).toBe(302);
    const location = new URL(authorize.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://app.example/cb");
    expect(location.searchParams.get("state")).toBe("xyz");
    const code = location.searchParams.get("code")!;
    const exchange = (authorizationCode: string) =>
      call(
        `${sf.url}/services/oauth2/token`,
        form({
          grant_type: "authorization_code",
          code: authorizationCode,
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uri: "https://app.example/cb",
        }),
      );
    const token = await exchange(code);
    expect(token.status).toBe(200);
    const body = token.body as Record<string, string>;
    expect(body).toMatchObject({ instance_url: sf.url, token_type: "Bearer", scope: expect.stringContaining("api") as string });
    expect(body.id).toMatch(new RegExp(`^${sf.url}/id/00D\\w+/005\\w+$`));
    expect(body.issued_at).toMatch(/^\d{13}$/);
    expect(typeof body.signature).toBe("string");
    // codes are single-use
    const reused = await exchange(code);
    expect(reused).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    return { access: body.access_token!, refresh: body.refresh_token! };
  }

  it("runs the authorization-code, refresh and client-credentials grants with Salesforce's errors", async () => {
    const { access, refresh } = await login();
    expect(access).toMatch(/^00D\w+!/);

    sf.expireAccessTokens();
    const expired = await call(`${sf.url}/services/data/v62.0/sobjects/Lead/describe`, { headers: { authorization: `Bearer ${access}` } });
    expect(expired).toMatchObject({ status: 401, body: [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }] });

    const refreshed = await call(
      `${sf.url}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: refresh, client_id: clientId, client_secret: clientSecret }),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).not.toHaveProperty("refresh_token");
    const fresh = (refreshed.body as Record<string, string>).access_token!;
    expect(
      (await call(`${sf.url}/services/data/v62.0/sobjects/Lead/describe`, { headers: { authorization: `Bearer ${fresh}` } })).status,
    ).toBe(200);

    sf.revokeRefreshToken(refresh);
    const revoked = await call(
      `${sf.url}/services/oauth2/token`,
      form({ grant_type: "refresh_token", refresh_token: refresh, client_id: clientId, client_secret: clientSecret }),
    );
    expect(revoked).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "expired access/refresh token" } });

    const badClient = await call(
      `${sf.url}/services/oauth2/token`,
      form({ grant_type: "client_credentials", client_id: "nope", client_secret: "x" }),
    );
    expect(badClient).toMatchObject({ status: 400, body: { error: "invalid_client_id", error_description: "client identifier invalid" } });
    const badSecret = await call(
      `${sf.url}/services/oauth2/token`,
      form({ grant_type: "client_credentials", client_id: clientId, client_secret: "wrong" }),
    );
    expect(badSecret).toMatchObject({ status: 401, body: { error: "invalid_client", error_description: "invalid client credentials" } });
    const cc = await call(
      `${sf.url}/services/oauth2/token`,
      form({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
    );
    expect(cc.status).toBe(200);
    expect(cc.body).toMatchObject({ instance_url: sf.url, token_type: "Bearer" });
    expect(cc.body).not.toHaveProperty("refresh_token");
  });

  it("lists versions and describes Lead with required and external-id fields", async () => {
    const versions = await call(`${sf.url}/services/data/`);
    expect(versions.body).toEqual(expect.arrayContaining([{ label: "Winter '25", url: "/services/data/v62.0", version: "62.0" }]));
    const { accessToken } = sf.issueTokens();
    const describe = await call(`${sf.url}/services/data/v62.0/sobjects/Lead/describe`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(describe.status).toBe(200);
    const fields = (
      describe.body as {
        name: string;
        fields: Array<{ name: string; nillable: boolean; createable: boolean; defaultedOnCreate: boolean; externalId: boolean }>;
      }
    ).fields;
    expect((describe.body as Json).name).toBe("Lead");
    const required = fields.filter((f) => !f.nillable && f.createable && !f.defaultedOnCreate).map((f) => f.name);
    expect(required.sort()).toEqual(["Company", "LastName"]);
    expect(fields.find((f) => f.name === "LeadRelay_Id__c")).toMatchObject({ externalId: true, type: "string" });
    expect(fields.map((f) => f.name)).toEqual(
      expect.arrayContaining([
        "FirstName",
        "Email",
        "Phone",
        "Street",
        "City",
        "State",
        "PostalCode",
        "Country",
        "LeadSource",
        "Description",
      ]),
    );
  });

  it("creates and upserts Leads and reports Salesforce's array errors", async () => {
    const { accessToken } = sf.issueTokens();
    const headers = { authorization: `Bearer ${accessToken}` };
    const base = `${sf.url}/services/data/v62.0/sobjects/Lead`;

    const created = await call(base, {
      method: "POST",
      headers,
      json: { LastName: "Lovelace", Company: "Analytical", Email: "ada@example.com" },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(created.body).toEqual({ id, success: true, errors: [] });
    expect(id).toMatch(/^00Q[0-9A-Za-z]{15}$/);
    expect(withChecksum(id.slice(0, 15))).toBe(id);
    expect(created.headers.get("sforce-limit-info")).toMatch(/^api-usage=\d+\/15000$/);

    const missing = await call(base, { method: "POST", headers, json: { LastName: "X" } });
    expect(missing).toMatchObject({
      status: 400,
      body: [{ message: "Required fields are missing: [Company]", errorCode: "REQUIRED_FIELD_MISSING", fields: ["Company"] }],
    });

    const unknown = await call(base, { method: "POST", headers, json: { LastName: "X", Company: "Y", Foo__c: "1" } });
    expect(unknown).toMatchObject({
      status: 400,
      body: [{ message: "No such column 'Foo__c' on sobject of type Lead", errorCode: "INVALID_FIELD" }],
    });

    const upsertCreate = await call(`${base}/LeadRelay_Id__c/dlv-1`, {
      method: "PATCH",
      headers,
      json: { LastName: "Hopper", Company: "Navy" },
    });
    expect(upsertCreate.status).toBe(201);
    expect(upsertCreate.body).toMatchObject({ success: true, errors: [], created: true });
    const upsertUpdate = await call(`${base}/LeadRelay_Id__c/dlv-1`, {
      method: "PATCH",
      headers,
      json: { LastName: "Hopper", Company: "US Navy" },
    });
    expect(upsertUpdate.status).toBe(200);
    expect(upsertUpdate.body).toEqual({ id: (upsertCreate.body as Json).id, success: true, errors: [], created: false });
    expect(sf.leads().filter((l) => l.LeadRelay_Id__c === "dlv-1")).toHaveLength(1);
    expect(sf.leads().find((l) => l.LeadRelay_Id__c === "dlv-1")?.Company).toBe("US Navy");
  });

  it("applies the duplicate rule (with either spelling) and the API request limit", async () => {
    const { accessToken } = sf.issueTokens();
    const headers = { authorization: `Bearer ${accessToken}` };
    const base = `${sf.url}/services/data/v62.0/sobjects/Lead`;
    const existing = sf.seedLead({ LastName: "Dup", Company: "Co", Email: "dup@example.com" });

    sf.setDuplicateRule(true);
    const dup = await call(base, { method: "POST", headers, json: { LastName: "Dup", Company: "Co", Email: "DUP@example.com" } });
    expect(dup.status).toBe(400);
    const [error] = dup.body as Array<
      Json & { duplicateResut: { matchResults: Array<{ matchRecords: Array<{ record: { Id: string } }> }> } }
    >;
    expect(error).toMatchObject({
      errorCode: "DUPLICATES_DETECTED",
      message: "You're creating a duplicate record. We recommend you use an existing record instead.",
    });
    expect(error?.duplicateResut.matchResults[0]?.matchRecords[0]?.record.Id).toBe(existing.Id);

    sf.setDuplicateRule("duplicateResult");
    const spelt = await call(base, { method: "POST", headers, json: { LastName: "Dup", Company: "Co", Email: "dup@example.com" } });
    expect((spelt.body as Json[])[0]).toHaveProperty("duplicateResult.duplicateRule", "Standard_Lead_Duplicate_Rule");
    sf.setDuplicateRule(false);

    sf.setRequestLimitExceeded(true);
    const limited = await call(`${base}/describe`, { headers });
    expect(limited).toMatchObject({
      status: 403,
      body: [{ message: "TotalRequests Limit exceeded.", errorCode: "REQUEST_LIMIT_EXCEEDED" }],
    });
    sf.setRequestLimitExceeded(false);

    sf.failNext("POST /services/data/*/sobjects/Lead", {
      status: 503,
      body: [{ errorCode: "SERVER_UNAVAILABLE", message: "Server unavailable" }],
    });
    expect((await call(base, { method: "POST", headers, json: { LastName: "A", Company: "B" } })).status).toBe(503);
  });
});

describe("fake Slack", () => {
  let slack: FakeSlack;
  let client: WebClient;
  beforeAll(async () => {
    slack = await startFakeSlack({
      users: [{ id: "U001", email: "rep@acme.example", name: "rep", realName: "Rita Rep" }],
      channels: [
        { id: "C001", name: "leads" },
        { id: "C002", name: "old", archived: true },
        { id: "C003", name: "outside", botIsMember: false },
      ],
    });
    client = new WebClient("xoxb-test", { slackApiUrl: `${slack.url}/api/`, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  });
  afterAll(() => slack.close());

  it("answers auth.test and records calls with decoded args", async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({
      ok: true,
      url: "https://acme.slack.com/",
      team: "Acme",
      user: "leadrelay",
      team_id: "T0001",
      user_id: "U0BOT",
      bot_id: "B0001",
    });

    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*New lead*" } }];
    const posted = await client.chat.postMessage({ channel: "C001", text: "New lead", blocks });
    expect(posted).toMatchObject({
      ok: true,
      channel: "C001",
      ts: expect.stringMatching(/^\d{10}\.\d{6}$/) as string,
      message: { text: "New lead", blocks },
    });
    const [recorded] = slack.calls("chat.postMessage");
    expect(recorded).toEqual({ method: "chat.postMessage", args: { channel: "C001", text: "New lead", blocks }, token: "xoxb-test" });

    const updated = await client.chat.update({ channel: "C001", ts: posted.ts!, text: "Claimed" });
    expect(updated).toMatchObject({ ok: true, channel: "C001", ts: posted.ts });
    expect(slack.postedMessages("C001")[0]?.text).toBe("Claimed");
  });

  it("serves users, DMs, conversations and views", async () => {
    const user = await client.users.info({ user: "U001" });
    expect(user.user).toMatchObject({ id: "U001", real_name: "Rita Rep", profile: { email: "rep@acme.example" } });
    const byEmail = await client.users.lookupByEmail({ email: "rep@acme.example" });
    expect(byEmail.user?.id).toBe("U001");
    await expect(client.users.lookupByEmail({ email: "nobody@acme.example" })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "users_not_found" },
    });

    const dm = await client.conversations.open({ users: "U001" });
    expect(dm.channel?.id).toMatch(/^D/);
    const info = await client.conversations.info({ channel: "C001" });
    expect(info.channel).toMatchObject({ id: "C001", name: "leads", is_archived: false, is_member: true });
    const ephemeral = await client.chat.postEphemeral({ channel: "C001", user: "U001", text: "only you" });
    expect(ephemeral.message_ts).toBeTruthy();

    const view = { type: "modal" as const, title: { type: "plain_text" as const, text: "Claim" }, blocks: [], private_metadata: "lead-1" };
    const opened = await client.views.open({ trigger_id: "123.456.abc", view });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/) as string,
      type: "modal",
      private_metadata: "lead-1",
      hash: expect.any(String) as string,
    });
    const updated = await client.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: { ...view, private_metadata: "lead-2" },
    });
    expect(updated.view).toMatchObject({ id: opened.view!.id, private_metadata: "lead-2" });
    const pushed = await client.views.push({ trigger_id: "123.456.def", view });
    expect(pushed.view?.previous_view_id).toBe(opened.view!.id);
    const home = await client.views.publish({ user_id: "U001", view: { type: "home", blocks: [] } });
    expect(home.view?.type).toBe("home");
  });

  it("reports Slack's errors as ok:false with HTTP 200", async () => {
    const expectError = async (promise: Promise<unknown>, error: string) => {
      const failure = (await promise.then(
        () => undefined,
        (e: unknown) => e,
      )) as WebAPIPlatformError | undefined;
      expect(failure?.code).toBe(ErrorCode.PlatformError);
      expect(failure?.data.error).toBe(error);
    };
    await expectError(client.chat.postMessage({ channel: "C002", text: "hi" }), "is_archived");
    await expectError(client.chat.postMessage({ channel: "C003", text: "hi" }), "not_in_channel");
    await expectError(client.chat.postMessage({ channel: "C999", text: "hi" }), "channel_not_found");
    slack.revokeToken("xoxb-revoked");
    const revoked = new WebClient("xoxb-revoked", { slackApiUrl: `${slack.url}/api/`, retryConfig: { retries: 0 } });
    await expectError(revoked.auth.test(), "token_revoked");

    const strict = await startFakeSlack({ tokens: ["xoxb-only"] });
    try {
      await expectError(
        new WebClient("xoxb-wrong", { slackApiUrl: `${strict.url}/api/`, retryConfig: { retries: 0 } }).auth.test(),
        "invalid_auth",
      );
    } finally {
      await strict.close();
    }

    const raw = await fetch(`${slack.url}/api/chat.postMessage`, {
      method: "POST",
      body: "channel=C999&text=x",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "Bearer xoxb-test" },
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({ ok: false, error: "channel_not_found" });
  });

  it("surfaces a scripted 429 as a rate-limited error", async () => {
    slack.rateLimitNext("chat.postMessage", 7);
    const failure = (await client.chat.postMessage({ channel: "C001", text: "hi" }).then(
      () => undefined,
      (e: unknown) => e,
    )) as WebAPIRateLimitedError | undefined;
    expect(failure?.code).toBe(ErrorCode.RateLimitedError);
    expect(failure?.retryAfter).toBe(7);

    const raw = await fetch(`${slack.url}/api/auth.test`, { method: "POST", headers: { authorization: "Bearer xoxb-test" } });
    expect(raw.status).toBe(200);
    slack.rateLimitNext(undefined, 3);
    const limited = await fetch(`${slack.url}/api/auth.test`, { method: "POST", headers: { authorization: "Bearer xoxb-test" } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(await limited.json()).toEqual({ ok: false, error: "ratelimited" });
  });
});
