import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import { seedAccount, type SeededAccount } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";

/**
 * Issue 9 item 7: a NUL or a lone UTF-16 surrogate in management data reached PostgreSQL and
 * came back as a 500. Each is 400 invalid_request naming the field, and nothing is stored.
 */
let service: RunningService;
let api: ApiClient;
let account: SeededAccount;
let destinationId: string;

const webhook = () => ({ integration: "webhook", name: "Hook", settings: { url: `${service.url}/health` } });

beforeAll(async () => {
  service = await startService(testConfig({ RUN_WORKERS: "false" }), createLogger("silent"));
  account = await seedAccount(service.prisma, { plan: "paid" });
  api = new ApiClient(service.url, account.accountKey);
  const created = await api.post<{ id: string }>("/destinations", webhook());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  destinationId = created.body.id;
});

afterAll(async () => {
  await service?.close();
});

const BAD = { NUL: "a\u0000b", "a lone high surrogate": "a\ud800b", "a lone low surrogate": "\udc00" };

type Case = { what: string; method: "POST" | "PATCH"; path: () => string; body: (bad: string) => unknown; field: string };
const CASES: Case[] = [
  {
    what: "destination name",
    method: "POST",
    path: () => "/destinations",
    body: (bad) => ({ ...webhook(), name: `Hook ${bad}` }),
    field: "name",
  },
  {
    what: "destination description",
    method: "POST",
    path: () => "/destinations",
    body: (bad) => ({ ...webhook(), description: bad }),
    field: "description",
  },
  {
    what: "webhook header value",
    method: "POST",
    path: () => "/destinations",
    body: (bad) => ({ ...webhook(), settings: { url: `${service.url}/health`, headers: { "x-team": bad } } }),
    field: "settings.headers.x-team",
  },
  {
    what: "mapping target",
    method: "POST",
    path: () => "/destinations",
    body: (bad) => ({ ...webhook(), mappings: [{ to: `email${bad}`, template: "{{lead.email}}" }] }),
    field: "mappings.0.to",
  },
  {
    what: "mapping template",
    method: "POST",
    path: () => "/destinations",
    body: (bad) => ({ ...webhook(), mappings: [{ to: "email", template: `{{lead.email}}${bad}` }] }),
    field: "mappings.0.template",
  },
  {
    what: "edited destination name",
    method: "PATCH",
    path: () => `/destinations/${destinationId}`,
    body: (bad) => ({ name: bad }),
    field: "name",
  },
  {
    what: "test lead field",
    method: "POST",
    path: () => `/destinations/${destinationId}/test`,
    body: (bad) => ({ fields: { email: `x${bad}@example.com` } }),
    field: "fields.email",
  },
  { what: "account name", method: "PATCH", path: () => "/accounts/me", body: (bad) => ({ name: `Co ${bad}` }), field: "name" },
  { what: "flow name", method: "POST", path: () => "/flows", body: (bad) => ({ name: `Flow ${bad}` }), field: "name" },
  {
    what: "member name",
    method: "POST",
    path: () => "/members",
    body: (bad) => ({ email: `new@${account.domain}`, name: `Ny ${bad}` }),
    field: "name",
  },
  { what: "API key name", method: "POST", path: () => "/api-keys", body: (bad) => ({ name: `Key ${bad}` }), field: "name" },
];

describe("text PostgreSQL cannot store, in management data", () => {
  for (const [label, bad] of Object.entries(BAD)) {
    for (const c of CASES) {
      it(`${c.what} with ${label}: 400 naming ${c.field}`, async () => {
        const res = await api.request<{ error: { code: string; message: string; details?: Array<{ path: string; message: string }> } }>(
          c.method,
          c.path(),
          c.body(bad),
        );
        expect(res.status, JSON.stringify(res.body)).toBe(400);
        expect(res.body.error.code).toBe("invalid_request");
        expect(res.body.error.details?.map((d) => d.path)).toContain(c.field);
      });
    }
  }

  it("a NUL in an object key is refused too, naming where it is", async () => {
    const res = await api.post<{ error: { details: Array<{ path: string; message: string }> } }>("/destinations", {
      ...webhook(),
      settings: { url: `${service.url}/health`, headers: { "x-\u0000": "v" } },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toEqual({ path: "settings.headers.x-\ufffd", message: "must not contain NUL or invalid Unicode" });
  });

  it("stores nothing from a refused request", async () => {
    const list = await api.get<{ destinations: Array<{ name: string }> }>("/destinations");
    expect(list.body.destinations.map((d) => d.name)).toEqual(["Hook"]);
  });

  it("a paired surrogate (an emoji) is ordinary text", async () => {
    const res = await api.post<{ name: string }>("/flows", { name: "Leads 🚀" });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe("Leads 🚀");
  });
});
