import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import type { ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";

const PUBLIC_URL = "https://leads.example.test";

interface FlowBody {
  id: string;
  name: string;
  enabled: boolean;
  fields: { name: string; type?: string; required: boolean; label?: string }[];
  rules: unknown[];
  sources: { id: string; name: string; submit_url: string; docs_url: string; posting_key_hint: string; seller_account: unknown }[];
  steps: unknown[];
}

interface DocsBody {
  flow: { id: string; name: string };
  accepting: boolean;
  submit_url: string;
  fields: { name: string; label: string; type: string; required: boolean; standard: boolean }[];
  rules: string[];
  example: { body: Record<string, string>; curl: string };
}

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
    const client = api.as(paid.accountKey);
    const created = await client.post<FlowBody>("/flows", {
      name: "Mortgage",
      fields: [{ name: "email", required: true }, { name: "loan.amount", type: "number", label: "Loan Amount" }],
      rules: [{ field: "state", operator: "is included in", values: ["TX", "CA"] }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Mortgage", enabled: true, sources: [], steps: [] });
    const second = await client.post<FlowBody>("/flows", { name: "Solar" });
    expect(second.status).toBe(201);

    const page1 = await client.get<{ flows: { id: string }[]; next_cursor: string }>("/flows?limit=1");
    expect(page1.body.flows.map((f) => f.id)).toEqual([second.body.id]);
    const page2 = await client.get<{ flows: { id: string }[]; next_cursor: string | null }>(`/flows?limit=1&cursor=${page1.body.next_cursor}`);
    expect(page2.body.flows.map((f) => f.id)).toEqual([created.body.id]);

    const patched = await client.patch<FlowBody>(`/flows/${created.body.id}`, { name: "Mortgage TX", rules: [{ field: "state", operator: "is equal to", value: "TX" }] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: "Mortgage TX", rules: [{ field: "state", operator: "is equal to", value: "TX" }] });
    expect(patched.body.fields).toHaveLength(2);

    const badRule = await client.patch<ErrorBody>(`/flows/${created.body.id}`, { rules: [{ field: "state", operator: "is like" }] });
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.code).toBe("invalid_request");
    const empty = await client.patch<ErrorBody>(`/flows/${created.body.id}`, {});
    expect(empty.status).toBe(400);

    const source = await client.post<{ id: string; posting_key: string; submit_url: string; posting_key_hint: string }>(`/flows/${created.body.id}/sources`, { name: "Web form" });
    expect(source.status).toBe(201);
    expect(source.body.submit_url).toBe(`${PUBLIC_URL}/flows/${created.body.id}/sources/${source.body.id}/submit`);
    const detail = await client.get<FlowBody>(`/flows/${created.body.id}`);
    expect(detail.body.sources).toEqual([expect.objectContaining({ id: source.body.id, name: "Web form", seller_account: null, posting_key_hint: source.body.posting_key_hint })]);
    expect(JSON.stringify(detail.body)).not.toContain(source.body.posting_key);

    const lead = await fetch(`${service.url}/flows/${created.body.id}/sources/${source.body.id}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": source.body.posting_key },
      body: JSON.stringify({ email: "a@example.com", state: "tx" }),
    });
    expect(lead.status).toBe(201);
    expect(await lead.json()).toMatchObject({ outcome: "success" });
  });

  it("gives a partner account one flow: a second is refused with plan_limit", async () => {
    const partner = await seedAccount(service.prisma, { plan: "partner" });
    const client = api.as(partner.accountKey);
    expect((await client.post("/flows", { name: "Only flow" })).status).toBe(201);
    const second = await client.post<ErrorBody>("/flows", { name: "Second flow" });
    expect(second.status).toBe(403);
    expect(second.body.error).toMatchObject({ code: "plan_limit", message: "partner accounts have one flow: upgrade to add more" });
    const concurrent = await seedAccount(service.prisma, { plan: "partner" });
    const results = await Promise.all([1, 2, 3].map((i) => api.as(concurrent.accountKey).post("/flows", { name: `Race ${i}` })));
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
    const flow = await client.post<FlowBody>("/flows", {
      name: `Leads <script>alert("x")</script>`,
      fields: [{ name: "email", required: true }, { name: "loan.amount", type: "number", label: "Loan <Amount>" }],
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
    const res = await api.get<DocsBody>(`/flows/${flowId}/sources/${sourceId}/docs`);
    expect(res.status).toBe(200);
    const docs = res.body;
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
    const otherFlow = await api.as(other.accountKey).post<FlowBody>("/flows", { name: "Other" });
    for (const path of [
      `/flows/${flowId}/sources/00000000-0000-7000-8000-000000000000/docs`,
      `/flows/${otherFlow.body.id}/sources/${sourceId}/docs`,
      `/flows/not-a-uuid/sources/${sourceId}/docs`,
    ]) {
      const json = await api.get<ErrorBody>(path);
      expect(json.status, path).toBe(404);
      expect(json.body.error.code).toBe("not_found");
      expect((await fetch(`${service.url}${path}`)).status).toBe(404);
    }
  });
});
