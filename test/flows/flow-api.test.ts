import { afterAll, assert, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import type { ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";
import { expectStatus, typedApi } from "../support/typed-api.ts";

const PUBLIC_URL = "https://leads.example.test";

let service: RunningService;
let api: ApiClient;

beforeAll(async () => {
  service = await startService(testConfig({ RUN_WORKERS: "false", PUBLIC_URL }), createLogger("silent"));
  api = new ApiClient(service.url);
});

afterAll(async () => {
  await service?.close();
});

describe("flows API", () => {
  it("creates, lists, reads and changes a paid account's flows, and adds a source whose key posts leads", async () => {
    const paid = await seedAccount(service.prisma, { plan: "paid" });
    const client = typedApi(service.url, paid.accountKey);
    const created = await expectStatus(
      client.flows.$post({
        json: {
          name: "Mortgage",
          fields: [
            { name: "email", required: true },
            { name: "loan.amount", type: "number", label: "Loan Amount" },
          ],
          rules: [{ field: "state", operator: "is included in", values: ["TX", "CA"] }],
        },
      }),
      201,
    );
    expect(created).toMatchObject({ name: "Mortgage", enabled: true, sources: [], steps: [] });
    const second = await expectStatus(client.flows.$post({ json: { name: "Solar" } }), 201);

    const page1 = await expectStatus(client.flows.$get({ query: { limit: "1" } }), 200);
    expect(page1.flows.map((f) => f.id)).toEqual([second.id]);
    const page2 = await expectStatus(client.flows.$get({ query: { limit: "1", cursor: page1.next_cursor! } }), 200);
    expect(page2.flows.map((f) => f.id)).toEqual([created.id]);

    const flow = client.flows[":id"];
    const param = { id: created.id };
    const patched = await expectStatus(
      flow.$patch({ param, json: { name: "Mortgage TX", rules: [{ field: "state", operator: "is equal to", value: "TX" }] } }),
      200,
    );
    expect(patched).toMatchObject({ name: "Mortgage TX", rules: [{ field: "state", operator: "is equal to", value: "TX" }] });
    expect(patched.fields).toHaveLength(2);

    // An operator the schema does not have: the typed client cannot send it, so it goes raw.
    const badRule = await api
      .as(paid.accountKey)
      .patch<ErrorBody>(`/flows/${created.id}`, { rules: [{ field: "state", operator: "is like" }] });
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.code).toBe("invalid_request");
    await expectStatus(flow.$patch({ param, json: {} }), 400);

    const source = await expectStatus(flow.sources.$post({ param, json: { name: "Web form" } }), 201);
    expect(source.submit_url).toBe(`${PUBLIC_URL}/flows/${created.id}/sources/${source.id}/submit`);
    const detail = await expectStatus(flow.$get({ param }), 200);
    expect(detail.sources).toEqual([
      expect.objectContaining({ id: source.id, name: "Web form", seller_account: null, posting_key_hint: source.posting_key_hint }),
    ]);
    expect(JSON.stringify(detail)).not.toContain(source.posting_key);

    const lead = await fetch(`${service.url}/flows/${created.id}/sources/${source.id}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": source.posting_key },
      body: JSON.stringify({ email: "a@example.com", state: "tx" }),
    });
    expect(lead.status).toBe(201);
    expect(await lead.json()).toMatchObject({ outcome: "success" });
  });

  it("gives a partner account one flow: a second is refused with plan_limit", async () => {
    const partner = await seedAccount(service.prisma, { plan: "partner" });
    const client = typedApi(service.url, partner.accountKey);
    await expectStatus(client.flows.$post({ json: { name: "Only flow" } }), 201);
    const second = await expectStatus(client.flows.$post({ json: { name: "Second flow" } }), 403);
    expect(second.error).toMatchObject({ code: "plan_limit", message: "partner accounts have one flow: upgrade to add more" });
    const concurrent = typedApi(service.url, (await seedAccount(service.prisma, { plan: "partner" })).accountKey);
    const results = await Promise.all([1, 2, 3].map((i) => concurrent.flows.$post({ json: { name: `Race ${i}` } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 403, 403]);
  });
});

describe("submission docs", () => {
  let flowId: string;
  let sourceId: string;
  let postingKey: string;

  beforeAll(async () => {
    const account = await seedAccount(service.prisma, { plan: "paid" });
    const client = api.as(account.accountKey);
    const flow = await client.post<{ id: string }>("/flows", {
      name: `Leads <script>alert("x")</script>`,
      fields: [
        { name: "email", required: true },
        { name: "loan.amount", type: "number", label: "Loan <Amount>" },
      ],
      rules: [
        { field: "state", operator: "is included in", values: ["TX", "<b>CA</b>"] },
        { field: "phone_1", operator: "format is valid", reason: "Bad phone" },
      ],
    });
    flowId = flow.body.id;
    const source = await client.post<{ id: string; posting_key: string }>(`/flows/${flowId}/sources`, { name: "Vendor & Co" });
    sourceId = source.body.id;
    postingKey = source.body.posting_key;
  });

  it("describes fields, required ones, rules in words and a curl example without the key (JSON)", async () => {
    const docs = await expectStatus(
      typedApi(service.url).flows[":flowId"].sources[":sourceId"].docs.$get({ param: { flowId, sourceId } }),
      200,
    );
    assert(typeof docs === "object", "the docs as JSON (the route also serves them as a page)");
    expect(docs.submit_url).toBe(`${PUBLIC_URL}/flows/${flowId}/sources/${sourceId}/submit`);
    expect(docs.accepting).toBe(true);
    expect(docs.fields).toContainEqual({ name: "first_name", label: "First Name", type: "text", required: false, standard: true });
    expect(docs.fields).toContainEqual({ name: "email", label: "Email", type: "email", required: true, standard: true });
    expect(docs.fields).toContainEqual({ name: "phone_1", label: "Phone 1", type: "phone", required: true, standard: true });
    expect(docs.fields).toContainEqual({ name: "loan.amount", label: "Loan <Amount>", type: "number", required: false, standard: false });
    expect(docs.rules).toEqual([
      "Email (email) is required",
      "State must be one of: TX, <b>CA</b>",
      `Phone 1 must be present and valid (otherwise rejected with "Bad phone")`,
    ]);
    expect(docs.example.body).toMatchObject({ email: "ada@example.com", state: "TX", "loan.amount": "1000", is_test: "true" });
    expect(docs.example.curl).toContain("Authorization: Bearer YOUR_POSTING_KEY");
    expect(docs.example.curl).toContain(docs.submit_url);
    expect(JSON.stringify(docs)).not.toContain(postingKey);

    // The example really is accepted when sent with the real key.
    const posted = await fetch(`${service.url}/flows/${flowId}/sources/${sourceId}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${postingKey}` },
      body: JSON.stringify(docs.example.body),
    });
    expect(await posted.json()).toMatchObject({ outcome: "success" });
  });

  it("serves the same as an HTML page with everything escaped", async () => {
    const res = await fetch(`${service.url}/flows/${flowId}/sources/${sourceId}/docs`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>CA</b>");
    expect(html).toContain("Leads &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(html).toContain("Vendor &amp; Co");
    expect(html).toContain("Loan &lt;Amount&gt;");
    expect(html).toContain("YOUR_POSTING_KEY");
    expect(html).not.toContain(postingKey);
  });

  it("answers 404 for unknown or mismatched ids, without a key", async () => {
    const other = await seedAccount(service.prisma, { plan: "paid" });
    const otherFlow = await expectStatus(typedApi(service.url, other.accountKey).flows.$post({ json: { name: "Other" } }), 201);
    const docs = typedApi(service.url).flows[":flowId"].sources[":sourceId"].docs;
    for (const param of [
      { flowId, sourceId: "00000000-0000-7000-8000-000000000000" },
      { flowId: otherFlow.id, sourceId },
      { flowId: "not-a-uuid", sourceId },
    ]) {
      const json = await expectStatus(docs.$get({ param }), 404);
      expect(json.error.code).toBe("not_found");
      expect((await fetch(docs.$url({ param }))).status).toBe(404);
    }
  });
});
