import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient, type ApiResponse } from "../support/api-client.ts";
import { accept, invite } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain, type SeededAccount } from "../support/seed-account.ts";
import { TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";

/**
 * One account can never read or change another's data through the management API: account B,
 * holding A's ids, gets 404 (never A's data) on every endpoint that takes an id, and its lists
 * never show A's rows. The table below must name every id-taking operation of these resources in
 * /openapi.json, so a new endpoint cannot be added without its cross-account case.
 */
const OWN_PREFIXES = ["/accounts", "/members", "/api-keys", "/invitations", "/connections", "/flows", "/destinations", "/leads", "/events"];

let service: RunningService;
let api: ApiClient;
let a: SeededAccount;
let b: SeededAccount;
const ids = { member: "", apiKey: "", invitation: "", connection: "", flow: "", source: "", destination: "", lead: "" };
let secretsOfA: string[];

beforeAll(async () => {
  // This suite tries every operation with wrong keys on purpose (~100 a minute from one address):
  // raise the failed-authentication limit so it sees the 401s (test/security/rate-limits.test.ts covers the 429s).
  service = await startService(
    testConfig({ RUN_WORKERS: "false", IDENTITY_API_KEY: TEST_IDENTITY_API_KEY, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: "100000" }),
    createLogger("silent"),
  );
  api = new ApiClient(service.url);
  a = await seedAccount(service.prisma, { name: "Account A Secret Name", plan: "paid", claimDomain: true });
  b = await seedAccount(service.prisma, { name: "Account B", plan: "paid" });
  const asA = api.as(a.accountKey);
  ids.member = (await asA.post<{ id: string }>("/members", { email: `member@${a.domain}`, name: "A Member" })).body.id;
  ids.apiKey = (await asA.post<{ id: string }>("/api-keys", { name: "A second key" })).body.id;
  ids.invitation = (await invite(asA, `pending@${uniqueDomain("apending")}`)).id;
  const flow = await asA.post<{ id: string }>("/flows", { name: "A flow" });
  ids.flow = flow.body.id;
  const source = await asA.post<{ id: string; posting_key: string }>(`/flows/${ids.flow}/sources`, { name: "A source" });
  ids.source = source.body.id;
  const destination = await asA.post<{ id: string }>("/destinations", {
    integration: "webhook",
    name: "A destination",
    settings: { url: `${service.url}/health` },
    flow_id: ids.flow,
  });
  expect(destination.status, JSON.stringify(destination.body)).toBe(201);
  ids.destination = destination.body.id;
  const lead = await fetch(`${service.url}/flows/${ids.flow}/sources/${ids.source}/submit`, {
    method: "POST",
    headers: { authorization: `Bearer ${source.body.posting_key}`, "content-type": "application/json" },
    body: JSON.stringify({ email: "a.lead@example.com", first_name: "Alead" }),
  });
  expect(lead.status).toBe(201);
  ids.lead = ((await lead.json()) as { lead: { id: string } }).lead.id;
  // A sells to a third account: the connection is A's (and the buyer's), never B's.
  const buyerDomain = uniqueDomain("abuyer");
  const connected = await invite(asA, `buyer@${buyerDomain}`);
  ids.connection = (await accept(api, connected.token, { email: `buyer@${buyerDomain}`, name: "Buyer" })).body.connection.id;
  secretsOfA = [
    "Account A Secret Name",
    a.domain,
    "A Member",
    "A second key",
    "A flow",
    "A source",
    "A destination",
    "a.lead@example.com",
    ...Object.values(ids),
  ];
});

afterAll(async () => {
  await service?.close();
});

type Attempt = { method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; template: string; path: () => string; body?: unknown };

const ATTEMPTS: Attempt[] = [
  { method: "PATCH", template: "/members/{id}", path: () => `/members/${ids.member}`, body: { role: "admin" } },
  { method: "DELETE", template: "/members/{id}", path: () => `/members/${ids.member}` },
  { method: "DELETE", template: "/api-keys/{id}", path: () => `/api-keys/${ids.apiKey}` },
  { method: "DELETE", template: "/invitations/{id}", path: () => `/invitations/${ids.invitation}` },
  { method: "POST", template: "/invitations/{id}/revoke", path: () => `/invitations/${ids.invitation}/revoke` },
  { method: "GET", template: "/connections/{id}", path: () => `/connections/${ids.connection}` },
  { method: "POST", template: "/connections/{id}/posting-key", path: () => `/connections/${ids.connection}/posting-key` },
  { method: "POST", template: "/connections/{id}/pause", path: () => `/connections/${ids.connection}/pause` },
  { method: "POST", template: "/connections/{id}/resume", path: () => `/connections/${ids.connection}/resume` },
  { method: "POST", template: "/connections/{id}/end", path: () => `/connections/${ids.connection}/end` },
  { method: "GET", template: "/flows/{id}", path: () => `/flows/${ids.flow}` },
  { method: "PATCH", template: "/flows/{id}", path: () => `/flows/${ids.flow}`, body: { name: "Taken over" } },
  { method: "POST", template: "/flows/{id}/sources", path: () => `/flows/${ids.flow}/sources`, body: { name: "Intruder" } },
  { method: "PUT", template: "/flows/{id}/steps/{destinationId}", path: () => `/flows/${ids.flow}/steps/${ids.destination}` },
  { method: "DELETE", template: "/flows/{id}/steps/{destinationId}", path: () => `/flows/${ids.flow}/steps/${ids.destination}` },
  { method: "GET", template: "/destinations/{id}", path: () => `/destinations/${ids.destination}` },
  { method: "PATCH", template: "/destinations/{id}", path: () => `/destinations/${ids.destination}`, body: { name: "Taken over" } },
  { method: "DELETE", template: "/destinations/{id}", path: () => `/destinations/${ids.destination}` },
  { method: "POST", template: "/destinations/{id}/test", path: () => `/destinations/${ids.destination}/test`, body: {} },
  { method: "POST", template: "/destinations/{id}/resume", path: () => `/destinations/${ids.destination}/resume` },
  {
    method: "POST",
    template: "/destinations/{id}/replay",
    path: () => `/destinations/${ids.destination}/replay`,
    body: { leads: "failed", since: "2026-11-01T00:00:00Z", until: "2026-11-30T00:00:00Z" },
  },
  {
    method: "POST",
    template: "/destinations/{id}/salesforce/authorize",
    path: () => `/destinations/${ids.destination}/salesforce/authorize`,
  },
  { method: "GET", template: "/leads/{id}", path: () => `/leads/${ids.lead}` },
];

/** Operations on the account's own collection (no id): B only ever sees or changes its own. */
const COLLECTIONS = [
  "GET /accounts/me",
  "PATCH /accounts/me",
  "GET /members",
  "POST /members",
  "GET /api-keys",
  "POST /api-keys",
  "GET /invitations",
  "POST /invitations",
  "GET /connections",
  "GET /flows",
  "POST /flows",
  "GET /destinations",
  "POST /destinations",
  "GET /events",
];

function expectNoDataOfA(res: ApiResponse<unknown>) {
  const text = JSON.stringify(res.body);
  for (const secret of secretsOfA) expect(text, `response leaks ${secret}`).not.toContain(secret);
}

describe("cross-account access", () => {
  it("the tables cover every account-key operation of these resources in /openapi.json", async () => {
    const doc = (await api.get<{ paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> }>("/openapi.json")).body;
    const operations = Object.entries(doc.paths)
      .filter(([path]) => OWN_PREFIXES.some((prefix) => path.startsWith(prefix)))
      .flatMap(([path, methods]) =>
        Object.entries(methods)
          .filter(([, op]) => op.security?.some((s) => "accountKey" in s))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    const covered = [...ATTEMPTS.map((attempt) => `${attempt.method} ${attempt.template}`), ...COLLECTIONS];
    expect(new Set(operations)).toEqual(new Set(covered));
  });

  it("refuses every account-key operation without a key or with a revoked one", async () => {
    const revoked = await api.as(b.accountKey).post<{ id: string; key: string }>("/api-keys", { name: "to revoke" });
    await api.as(b.accountKey).delete(`/api-keys/${revoked.body.id}`);
    const all = [
      ...ATTEMPTS.map((x) => ({ method: x.method, path: x.path(), body: x.body })),
      ...COLLECTIONS.map((op) => ({ method: op.split(" ")[0]!, path: op.split(" ")[1]!, body: {} })),
    ];
    for (const key of [undefined, revoked.body.key, "lr_acct_forged"]) {
      for (const attempt of all) {
        const res = await api
          .as(key)
          .request<{ error: { code: string } }>(
            attempt.method,
            attempt.path,
            attempt.method === "GET" || attempt.method === "DELETE" ? undefined : attempt.body,
          );
        expect(res.status, `${attempt.method} ${attempt.path}`).toBe(401);
        expect(res.body.error.code).toBe("unauthorized");
      }
    }
  });

  it.each(ATTEMPTS.map((attempt) => [`${attempt.method} ${attempt.template}`, attempt] as const))(
    "%s with another account's id is 404 and reveals nothing",
    async (_label, attempt) => {
      const res = await api.as(b.accountKey).request<{ error: { code: string } }>(attempt.method, attempt.path(), attempt.body);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
      expectNoDataOfA(res);
    },
  );

  it("lists and own-account operations only ever show the caller's own data", async () => {
    const asB = api.as(b.accountKey);
    for (const op of COLLECTIONS.filter((op) => op.startsWith("GET"))) {
      const res = await asB.get(op.split(" ")[1]!);
      expect(res.status, op).toBe(200);
      expectNoDataOfA(res);
    }
    expect((await asB.get("/accounts/me")).body).toMatchObject({ id: b.accountId });
    expect((await asB.patch("/accounts/me", { name: "B renamed" })).body).toMatchObject({ id: b.accountId, name: "B renamed" });
    expectNoDataOfA(await asB.post("/members", { email: `colleague@${uniqueDomain("b")}` }));
    expectNoDataOfA(await asB.post("/flows", { name: "B flow" }));
    expectNoDataOfA(await asB.post("/api-keys", { name: "B key" }));
    expectNoDataOfA(
      await asB.post("/destinations", { integration: "webhook", name: "B destination", settings: { url: `${service.url}/health` } }),
    );
    // B cannot attach A's destination to its own flow either.
    const bFlow = await asB.post<{ id: string }>("/flows", { name: "B second flow" });
    const attach = await asB.request<{ error: { code: string } }>("PUT", `/flows/${bFlow.body.id}/steps/${ids.destination}`);
    expect(attach.status).toBe(404);
    expectNoDataOfA(attach);
    expectNoDataOfA(await asB.post("/invitations", { email: `someone@${uniqueDomain()}` }));
    // The connection is visible to its two parties only.
    expect((await asB.get<{ connections: unknown[] }>("/connections")).body.connections).toEqual([]);
  });

  it("left A's data exactly as it was", async () => {
    const asA = api.as(a.accountKey);
    expect((await asA.get<{ members: { id: string; role: string }[] }>("/members")).body.members).toContainEqual(
      expect.objectContaining({ id: ids.member, role: "member" }),
    );
    expect((await asA.get<{ api_keys: { id: string; revoked_at: string | null }[] }>("/api-keys")).body.api_keys).toContainEqual(
      expect.objectContaining({ id: ids.apiKey, revoked_at: null }),
    );
    expect((await asA.get<{ invitations: { id: string; status: string }[] }>("/invitations")).body.invitations).toContainEqual(
      expect.objectContaining({ id: ids.invitation, status: "pending" }),
    );
    expect((await asA.get(`/connections/${ids.connection}`)).body).toMatchObject({
      status: "active",
      posting_key_hint: expect.any(String),
    });
    expect((await asA.get(`/destinations/${ids.destination}`)).body).toMatchObject({ name: "A destination" });
    expect((await asA.get(`/leads/${ids.lead}`)).status).toBe(200);
    const flow = await asA.get<{ name: string; sources: { id: string }[] }>(`/flows/${ids.flow}`);
    expect(flow.body.name).toBe("A flow");
    expect(flow.body.sources.map((s) => s.id)).toEqual([ids.source]);
    expect((await asA.get("/accounts/me")).body).toMatchObject({ name: "Account A Secret Name" });
  });
});
