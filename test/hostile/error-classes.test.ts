import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import type { ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";

/**
 * "Bad input gets a clear error, never a 5xx" — and the converse: our own corrupt data is a
 * server fault, never blamed on the caller as invalid_request. Over real HTTP to the service.
 */
let service: RunningService;
let api: ApiClient;

beforeAll(async () => {
  service = await startService(testConfig({ RUN_WORKERS: "false" }), createLogger("silent"));
  api = new ApiClient(service.url);
});

afterAll(async () => {
  await service?.close();
});

type FlowBody = { id: string };
type InternalBody = { error: { code: string; message: string; details: { request_id: string } } };

describe("error classes through the routes", () => {
  it("refuses another flow's source id in PATCH /flows/{id} with 422 unknown_source naming the entry, and changes nothing", async () => {
    const account = await seedAccount(service.prisma, { plan: "paid" });
    const client = api.as(account.accountKey);
    const mine = await client.post<FlowBody>("/flows", { name: "Mine" });
    const other = await client.post<FlowBody>("/flows", { name: "Other" });
    const ownSource = await client.post<{ id: string }>(`/flows/${mine.body.id}/sources`, { name: "Own" });
    const otherSource = await client.post<{ id: string }>(`/flows/${other.body.id}/sources`, { name: "Theirs" });

    const caps = [{ period: "day", limit: 5 }];
    const refused = await client.patch<ErrorBody>(`/flows/${mine.body.id}`, {
      name: "Renamed",
      sources: [
        { id: ownSource.body.id, caps },
        { id: otherSource.body.id, caps },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      error: {
        code: "unknown_source",
        message: "sources.1.id is not a source of this flow (GET /flows/{id} lists them)",
        details: { path: "sources.1.id" },
      },
    });
    const untouched = await service.prisma.source.findMany({
      where: { id: { in: [ownSource.body.id, otherSource.body.id] } },
      select: { caps: true },
    });
    expect(untouched.filter((source) => JSON.stringify(source.caps ?? null).includes('"day"'))).toEqual([]);
    expect((await service.prisma.flow.findUniqueOrThrow({ where: { id: mine.body.id } })).name).toBe("Mine");

    const badCaps = await client.patch<ErrorBody>(`/flows/${mine.body.id}`, {
      sources: [{ id: ownSource.body.id, caps: [{ period: "day", limit: 5, timezone: "Mars/Olympus" }] }],
    });
    expect(badCaps.status).toBe(400);
    expect(badCaps.body.error.code).toBe("invalid_request");
    expect(JSON.stringify(badCaps.body.error.details)).toContain("sources.0.caps.0.timezone");

    const notJson = await fetch(`${service.url}/flows/${mine.body.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${account.accountKey}`, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ErrorBody).error.code).toBe("invalid_request");
  });

  it("answers a flow whose stored fields no longer fit the schema with 500 internal and a request id, not invalid_request with the row's content", async () => {
    const account = await seedAccount(service.prisma, { plan: "paid" });
    const client = api.as(account.accountKey);
    const flow = await client.post<FlowBody>("/flows", { name: "Corrupt" });
    await service.prisma.flow.update({
      where: { id: flow.body.id },
      data: { fields: [{ name: "email", type: "s3cret-stored-type", required: true }] },
    });

    for (const read of [() => client.get<InternalBody>(`/flows/${flow.body.id}`), () => client.get<InternalBody>("/flows")]) {
      const fault = await read();
      expect(fault.status).toBe(500);
      expect(fault.body).toEqual({
        error: { code: "internal", message: "Internal error", details: { request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) } },
      });
      expect(JSON.stringify(fault.body)).not.toContain("s3cret");
    }
  });

  it("keeps GET /leads/{id} for an unknown lead at 404 not_found, byte for byte", async () => {
    const account = await seedAccount(service.prisma, { plan: "paid" });
    const response = await fetch(`${service.url}/leads/0190b2a4-0000-7000-8000-000000000000`, {
      headers: { authorization: `Bearer ${account.accountKey}` },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('{"error":{"code":"not_found","message":"No lead with this id in your account"}}');
  });
});
