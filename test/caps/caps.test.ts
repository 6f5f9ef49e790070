import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { capWindow } from "../../core/caps/cap-window.ts";
import { countLiveLeadsFrom } from "../../core/caps/count-live-leads.ts";
import { SourceCaps } from "../../core/caps/source-caps.ts";
import { applyCaps } from "../../core/intake/cap-gate.ts";
import type { SourceContext } from "../../core/intake/source-context.ts";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { RedisCapStore } from "../../server/submit/redis-cap-store.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import { TEST_REDIS_URL } from "../support/env.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";

// Two services on one database and one Redis prefix: two API replicas, each with its own source
// cache, cap counter client and connection pool, as in production.
const prefix = `lrtest-${randomBytes(4).toString("hex")}`;
let first: RunningService;
let second: RunningService;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  first = await startService(testConfig({ RUN_WORKERS: "false", QUEUE_PREFIX: prefix }), createLogger("silent"));
  second = await startService(testConfig({ RUN_WORKERS: "false", QUEUE_PREFIX: prefix }), createLogger("silent"));
});

afterAll(async () => {
  await first?.close();
  await second?.close();
});

interface LeadAnswer {
  outcome: string;
  reason?: string;
  lead?: { id: string };
}

async function post(service: RunningService, buyer: SeededBuyer, fields: Record<string, string>): Promise<LeadAnswer> {
  const res = await fetch(`${service.url}${buyer.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
    body: JSON.stringify(fields),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as LeadAnswer;
}

async function buyerWithCaps(caps: unknown[], options: Parameters<typeof seedBuyer>[2] = {}) {
  const buyer = await seedBuyer(first.prisma, secretBox, options);
  const api = new ApiClient(first.url, buyer.accountKey);
  const res = await api.patch(`/flows/${buyer.flowId}`, { sources: [{ id: buyer.sourceId, caps }] });
  expect(res.status).toBe(200);
  return { buyer, api };
}

describe("volume caps set by PATCH /flows/{id}", () => {
  it("stores a source's caps, shows them on the flow and in the source's docs, and [] removes them", async () => {
    const { buyer, api } = await buyerWithCaps([
      { period: "day", limit: 100, timezone: "america/chicago" },
      { period: "week", limit: 400 },
    ]);
    const flow = await api.get<{ sources: { id: string; caps: unknown[] }[] }>(`/flows/${buyer.flowId}`);
    expect(flow.body.sources[0]!.caps).toEqual([
      { period: "day", limit: 100, timezone: "America/Chicago" },
      { period: "week", limit: 400, timezone: "UTC" },
    ]);
    const docs = await fetch(`${first.url}/flows/${buyer.flowId}/sources/${buyer.sourceId}/docs`, {
      headers: { accept: "application/json" },
    });
    const docsBody = (await docs.json()) as { caps: string[] };
    expect(docsBody.caps).toEqual([
      "At most 100 live leads per day, counted in America/Chicago",
      "At most 400 live leads per week (weeks start on Monday), counted in UTC",
    ]);
    const page = await (
      await fetch(`${first.url}/flows/${buyer.flowId}/sources/${buyer.sourceId}/docs`, { headers: { accept: "text/html" } })
    ).text();
    expect(page).toContain("At most 100 live leads per day, counted in America/Chicago");
    expect(page).toContain("Cap reached");

    const cleared = await api.patch<{ sources: { caps: unknown[] }[] }>(`/flows/${buyer.flowId}`, {
      sources: [{ id: buyer.sourceId, caps: [] }],
    });
    expect(cleared.body.sources[0]!.caps).toEqual([]);
  });

  it.each([
    ["an unknown time zone", [{ period: "day", limit: 10, timezone: "Mars/Olympus" }], "sources.0.caps.0.timezone"],
    ["an offset instead of a zone", [{ period: "day", limit: 10, timezone: "+02:00" }], "sources.0.caps.0.timezone"],
    ["a limit of 0", [{ period: "day", limit: 0 }], "sources.0.caps.0.limit"],
    ["a fractional limit", [{ period: "day", limit: 1.5 }], "sources.0.caps.0.limit"],
    ["a limit beyond 10,000,000", [{ period: "day", limit: 10_000_001 }], "sources.0.caps.0.limit"],
    ["an unknown period", [{ period: "year", limit: 10 }], "sources.0.caps.0.period"],
    [
      "two caps for one period",
      [
        { period: "day", limit: 10 },
        { period: "day", limit: 20 },
      ],
      "sources.0.caps.1.period",
    ],
    ["more caps than periods", ["hour", "day", "week", "month", "hour"].map((period) => ({ period, limit: 10 })), "sources.0.caps"],
    ["caps that are not a list", { period: "day", limit: 10 }, "sources.0.caps"],
  ])("refuses %s with 400 naming the field, and keeps the caps it had", async (_name, caps, path) => {
    const { buyer, api } = await buyerWithCaps([{ period: "hour", limit: 5 }]);
    const res = await api.patch<{ error: { code: string; details: { path: string; message: string }[] } }>(`/flows/${buyer.flowId}`, {
      sources: [{ id: buyer.sourceId, caps }],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
    expect(res.body.error.details.map((detail) => detail.path)).toContain(path);
    const flow = await api.get<{ sources: { caps: unknown[] }[] }>(`/flows/${buyer.flowId}`);
    expect(flow.body.sources[0]!.caps).toEqual([{ period: "hour", limit: 5, timezone: "UTC" }]);
  });

  it("refuses a source that is not the flow's (another account's, or listed twice) (422 unknown_source; 400 when listed twice), changing nothing", async () => {
    const { buyer, api } = await buyerWithCaps([]);
    const other = await seedBuyer(first.prisma, secretBox);
    const res = await api.patch<{ error: { code: string; message: string } }>(`/flows/${buyer.flowId}`, {
      name: "Renamed",
      sources: [{ id: other.sourceId, caps: [{ period: "day", limit: 1 }] }],
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "unknown_source", message: expect.stringContaining("sources.0.id") });
    expect((await first.prisma.source.findUniqueOrThrow({ where: { id: other.sourceId } })).caps).toEqual([]);
    expect((await first.prisma.flow.findUniqueOrThrow({ where: { id: buyer.flowId } })).name).not.toBe("Renamed");

    const twice = await api.patch<{ error: { details: { path: string }[] } }>(`/flows/${buyer.flowId}`, {
      sources: [buyer.sourceId, buyer.sourceId].map((id) => ({ id, caps: [] })),
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.map((detail) => detail.path)).toEqual(["sources.1.id"]);
  });
});

describe("a live lead over a cap", () => {
  it('is exact under 50 concurrent posts to two service replicas: 10 succeed, 40 get 201 failure "Cap reached"', async () => {
    const { buyer } = await buyerWithCaps([{ period: "day", limit: 10, timezone: "America/Chicago" }], {
      destination: { integration: "webhook", name: "Hook", settings: { url: "http://127.0.0.1:9/hook" } },
    });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(i % 2 ? first : second, buyer, { email: `lead${i}@example.com`, first_name: "Cap" })),
    );
    expect(answers.filter((answer) => answer.outcome === "success")).toHaveLength(10);
    const refused = answers.filter((answer) => answer.outcome === "failure");
    expect(refused).toHaveLength(40);
    expect(new Set(refused.map((answer) => answer.reason))).toEqual(new Set(["Cap reached"]));

    // Stored as rejected with the reason, never delivered: only the 10 accepted have deliveries.
    const leads = await first.prisma.lead.findMany({ where: { sourceId: buyer.sourceId }, include: { deliveries: true } });
    expect(leads.filter((lead) => lead.status === "accepted")).toHaveLength(10);
    const rejected = leads.filter((lead) => lead.status === "rejected");
    expect(rejected).toHaveLength(40);
    expect(rejected.every((lead) => lead.reason === "Cap reached" && lead.deliveries.length === 0)).toBe(true);
    expect(leads.filter((lead) => lead.deliveries.length === 1)).toHaveLength(10);

    // The buyer sees one as rejected, with the reason, through the API.
    const api = new ApiClient(first.url, buyer.accountKey);
    const lead = await api.get<{ status: string; reason: string }>(`/leads/${refused[0]!.lead!.id}`);
    expect(lead.body).toMatchObject({ status: "rejected", reason: "Cap reached" });
  });

  it("never counts test leads, and test leads still go through once the cap is reached", async () => {
    const { buyer } = await buyerWithCaps([{ period: "hour", limit: 2 }]);
    for (let i = 0; i < 3; i++)
      expect(await post(first, buyer, { email: `t${i}@example.com`, is_test: "true" })).toMatchObject({ outcome: "success" });
    expect(await post(first, buyer, { email: "a@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post(second, buyer, { email: "b@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post(first, buyer, { email: "c@example.com" })).toMatchObject({ outcome: "failure", reason: "Cap reached" });
    expect(await post(second, buyer, { email: "t@example.com", is_test: "yes" })).toMatchObject({ outcome: "success" });
  });

  it("is not counted when the lead is rejected for another reason first", async () => {
    const { buyer } = await buyerWithCaps([{ period: "day", limit: 1 }], { rules: [{ field: "email", operator: "is not blank" }] });
    for (let i = 0; i < 3; i++)
      expect(await post(first, buyer, { first_name: "No email" })).toMatchObject({
        outcome: "failure",
        reason: expect.not.stringMatching(/Cap/),
      });
    expect(await post(first, buyer, { email: "one@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post(first, buyer, { email: "two@example.com" })).toMatchObject({ outcome: "failure", reason: "Cap reached" });
  });

  it("counts the live leads already accepted in the window when a cap is set", async () => {
    const buyer = await seedBuyer(first.prisma, secretBox);
    // Before the cap: 2 live leads (counted), 1 test lead and 1 rejected one (neither counts).
    expect(await post(second, buyer, { email: "x@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post(second, buyer, { email: "y@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post(second, buyer, { email: "z@example.com", is_test: "true" })).toMatchObject({ outcome: "success" });
    await first.prisma.lead.create({
      data: {
        accountId: buyer.accountId,
        flowId: buyer.flowId,
        sourceId: buyer.sourceId,
        status: "rejected",
        reason: "Duplicate",
        fields: {},
        raw: {},
      },
    });
    // Yesterday's lead (in the cap's zone) is outside today's window.
    const yesterday = capWindow("day", "America/Chicago", new Date()).start.getTime() - 1_000;
    await first.prisma.lead.create({
      data: {
        accountId: buyer.accountId,
        flowId: buyer.flowId,
        sourceId: buyer.sourceId,
        status: "delivered",
        fields: {},
        raw: {},
        createdAt: new Date(yesterday),
      },
    });

    const api = new ApiClient(first.url, buyer.accountKey);
    expect(
      (
        await api.patch(`/flows/${buyer.flowId}`, {
          sources: [{ id: buyer.sourceId, caps: [{ period: "day", limit: 3, timezone: "America/Chicago" }] }],
        })
      ).status,
    ).toBe(200);
    // `first` has not cached this source yet, so it sees the cap at once.
    expect(await post(first, buyer, { email: "w@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post(first, buyer, { email: "v@example.com" })).toMatchObject({ outcome: "failure", reason: "Cap reached" });
  });
});

describe("cap windows", () => {
  it("follow the cap's wall clock: Chicago's day, Monday's week, the 1st's month, Kolkata's half-hour-offset hour", () => {
    const at = new Date("2026-12-02T05:59:59Z"); // Tuesday 1 Dec, 23:59:59 in Chicago (UTC-6)
    expect(capWindow("day", "America/Chicago", at)).toEqual({
      start: new Date("2026-12-01T06:00:00Z"),
      end: new Date("2026-12-02T06:00:00Z"),
    });
    expect(capWindow("day", "America/Chicago", new Date("2026-12-02T06:00:00Z")).start).toEqual(new Date("2026-12-02T06:00:00Z"));
    expect(capWindow("day", "UTC", at).start).toEqual(new Date("2026-12-02T00:00:00Z"));
    expect(capWindow("week", "America/Chicago", at)).toEqual({
      start: new Date("2026-11-30T06:00:00Z"),
      end: new Date("2026-12-07T06:00:00Z"),
    });
    // Sunday night in Chicago is still the week that began on Monday.
    expect(capWindow("week", "America/Chicago", new Date("2026-12-07T05:00:00Z")).start).toEqual(new Date("2026-11-30T06:00:00Z"));
    expect(capWindow("month", "America/Chicago", at)).toEqual({
      start: new Date("2026-12-01T06:00:00Z"),
      end: new Date("2027-01-01T06:00:00Z"),
    });
    // November in Chicago began in daylight time (UTC-5).
    expect(capWindow("month", "America/Chicago", new Date("2026-11-15T12:00:00Z")).start).toEqual(new Date("2026-11-01T05:00:00Z"));
    expect(capWindow("hour", "Asia/Kolkata", new Date("2026-12-02T10:10:00Z"))).toEqual({
      start: new Date("2026-12-02T09:30:00Z"),
      end: new Date("2026-12-02T10:30:00Z"),
    });
  });

  it("handle DST: a 23-hour spring day in Chicago, and a day whose midnight does not exist (Santiago)", () => {
    expect(capWindow("day", "America/Chicago", new Date("2026-03-08T12:00:00Z"))).toEqual({
      start: new Date("2026-03-08T06:00:00Z"),
      end: new Date("2026-03-09T05:00:00Z"),
    });
    // Chile springs forward at 24:00 on Saturday 5 Sep 2026: Sunday starts at 01:00 local (04:00Z).
    expect(capWindow("day", "America/Santiago", new Date("2026-09-06T12:00:00Z")).start).toEqual(new Date("2026-09-06T04:00:00Z"));
  });

  it("start a new count at the boundary: full just before Chicago's midnight, room again just after", async () => {
    const buyer = await seedBuyer(first.prisma, secretBox);
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const caps = new SourceCaps(new RedisCapStore(redis), countLiveLeadsFrom(first.prisma), prefix);
      const source = {
        flowId: buyer.flowId,
        sourceId: buyer.sourceId,
        caps: [{ period: "day" as const, limit: 2, timezone: "America/Chicago" }],
      };
      const before = new Date("2026-12-02T05:59:58Z");
      expect((await caps.claim(source, before)).reached).toBe(false);
      const second = await caps.claim(source, before);
      expect(second.reached).toBe(false);
      expect((await caps.claim(source, new Date("2026-12-02T05:59:59.999Z"))).reached).toBe(true);
      // A claimed lead that then fails to be stored gives its room back.
      if (!second.reached) await second.release();
      expect((await caps.claim(source, before)).reached).toBe(false);
      expect((await caps.claim(source, new Date("2026-12-02T06:00:00Z"))).reached).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});

describe("when the cap counters are unreachable", () => {
  it("a live lead to a capped source is refused as unavailable (503, retry) rather than risk going over; test leads and uncapped sources go on", async () => {
    const dead = new Redis("redis://127.0.0.1:1", {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    dead.on("error", () => undefined);
    try {
      const caps = new SourceCaps(new RedisCapStore(dead), async () => 0, prefix);
      const capped = { flowId: "f", sourceId: "s", caps: [{ period: "day", limit: 5, timezone: "UTC" }] } as unknown as SourceContext;
      const logger = createLogger("silent");
      expect(await applyCaps(caps, capped, false, null, logger)).toBe("unavailable");
      expect(await applyCaps(caps, capped, true, null, logger)).toMatchObject({ rejection: null });
      expect(await applyCaps(caps, { ...capped, caps: [] }, false, null, logger)).toMatchObject({ rejection: null });
      // A lead already rejected keeps its reason and takes no room.
      expect(await applyCaps(caps, capped, false, "Duplicate", logger)).toMatchObject({ rejection: "Duplicate" });
    } finally {
      dead.disconnect();
    }
  });
});
