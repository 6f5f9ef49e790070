import { Writable } from "node:stream";
import { HTTPException } from "hono/http-exception";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { parseInput } from "../../core/invalid-input.ts";
import type { IntakeDeps } from "../../core/intake/submit-lead.ts";
import { Refusal, type RefusalKind } from "../../core/refusal.ts";
import { createApp } from "../../server/app.ts";
import { createRouter, publicAccess } from "../../server/create-router.ts";

/**
 * The root app's onError is the one place an error thrown by any route becomes an HTTP answer.
 * Each case throws from a route of the real app (createApp; no route here reaches the database)
 * and checks the status, the exact body and what was logged.
 */
function appThrowing(thrown: () => unknown) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
  );
  const app = createApp({ prisma: {} as PrismaClient, intake: {} as IntakeDeps, logger, queueReady: () => true });
  app.get("/throws", () => {
    throw thrown();
  });
  // A management resource's router (mounted as every one is): it has no error handler of its own.
  app.route(
    "/",
    createRouter(publicAccess).get("/router-throws", () => {
      throw thrown();
    }),
  );
  return { app, lines };
}

async function answer(thrown: () => unknown, path = "/throws") {
  const { app, lines } = appThrowing(thrown);
  const response = await app.request(path);
  const text = await response.text();
  return {
    status: response.status,
    text,
    body: JSON.parse(text) as { error: { code: string; message: string; details?: Record<string, unknown> } },
    lines,
  };
}

const REFUSAL_STATUS: [RefusalKind, number][] = [
  ["not_found", 404],
  ["forbidden", 403],
  ["conflict", 409],
  ["gone", 410],
  ["invalid", 422],
];

describe("the root error answer", () => {
  it.each(REFUSAL_STATUS)("answers a Refusal of kind %s with %i, its code, message and details byte for byte", async (kind, status) => {
    for (const path of ["/throws", "/router-throws"]) {
      const refused = await answer(() => new Refusal(kind, "some_code", "What happened and how to fix it", { path: "sources.0.id" }), path);
      expect(refused.status).toBe(status);
      expect(refused.text).toBe(
        '{"error":{"code":"some_code","message":"What happened and how to fix it","details":{"path":"sources.0.id"}}}',
      );
    }
  });

  it("answers a Refusal without details without a details key", async () => {
    const refused = await answer(() => new Refusal("not_found", "not_found", "No lead with this id in your account"));
    expect(refused.text).toBe('{"error":{"code":"not_found","message":"No lead with this id in your account"}}');
  });

  it("answers input a use case refused (parseInput) with 400 invalid_request naming each field", async () => {
    const caps = z.array(z.object({ period: z.enum(["hour", "day"]), limit: z.number().int().min(1) }));
    const refused = await answer(() => {
      try {
        parseInput(caps, [{ period: "year", limit: 0 }], "sources.1.caps");
      } catch (error) {
        return error;
      }
    }, "/router-throws");
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: "invalid_request", message: "The request is not valid" });
    expect((refused.body.error.details as unknown as { path: string }[]).map((detail) => detail.path)).toEqual([
      "sources.1.caps.0.period",
      "sources.1.caps.0.limit",
    ]);
  });

  it("answers a bare ZodError (our stored data failed its schema) with 500 internal, logging paths and codes but no stored value", async () => {
    const stored = { fields: [{ name: "email", type: "s3cret-stored-value" }] };
    const fault = await answer(
      () => z.object({ fields: z.array(z.object({ name: z.string(), type: z.enum(["text", "email"]) })) }).safeParse(stored).error,
      "/router-throws",
    );
    expect(fault.status).toBe(500);
    expect(fault.body.error).toEqual({ code: "internal", message: "Internal error", details: { request_id: expect.any(String) } });
    const logged = fault.lines.find((line) => line.msg === "unhandled error");
    expect(logged).toMatchObject({
      level: 50,
      request_id: fault.body.error.details!.request_id,
      stored_data_invalid: [{ path: "fields.0.type", code: "invalid_value" }],
    });
    expect(JSON.stringify(fault.lines)).not.toContain("s3cret-stored-value");
  });

  it("answers an HTTPException under 500 as the caller's fault: 400 invalid_request, 415 unsupported_media_type", async () => {
    const malformed = await answer(() => new HTTPException(400, { message: "Malformed JSON in request body" }));
    expect(malformed.status).toBe(400);
    expect(malformed.text).toBe('{"error":{"code":"invalid_request","message":"Malformed JSON in request body"}}');
    const media = await answer(() => new HTTPException(415));
    expect(media.status).toBe(415);
    expect(media.text).toBe('{"error":{"code":"unsupported_media_type","message":"Send the body as application/json"}}');
  });

  it.each([
    ["a string", () => "boom: password=hunter2"],
    ["undefined", () => undefined],
    ["a plain object", () => ({ message: "password=hunter2" })],
    ["null", () => null],
  ])("answers a thrown non-Error (%s) with the API's 500 body, not an empty one", async (_name, thrown) => {
    for (const path of ["/throws", "/router-throws"]) {
      const fault = await answer(thrown, path);
      expect(fault.status).toBe(500);
      expect(fault.body.error).toEqual({ code: "internal", message: "Internal error", details: { request_id: expect.any(String) } });
      expect(fault.text).not.toContain("hunter2");
      expect(JSON.stringify(fault.lines)).not.toContain("hunter2");
      expect(fault.lines.find((line) => line.msg === "unhandled error")).toMatchObject({
        request_id: fault.body.error.details!.request_id,
        thrown: expect.any(String),
      });
    }
  });

  it("answers a generic Error with 500 internal and a request id the log carries too, never its message", async () => {
    const fault = await answer(() => new Error("connect ECONNREFUSED postgres://admin:hunter2@db"));
    expect(fault.status).toBe(500);
    expect(fault.body.error).toEqual({
      code: "internal",
      message: "Internal error",
      details: { request_id: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    expect(fault.text).not.toContain("hunter2");
    const logged = fault.lines.find((line) => line.msg === "unhandled error");
    expect(logged).toMatchObject({ level: 50, request_id: fault.body.error.details!.request_id, path: "/throws" });
    const second = await answer(() => new Error("again"));
    expect(second.body.error.details!.request_id).not.toBe(fault.body.error.details!.request_id);
  });

  it("shows a person in a browser a page for a server fault (same request id as the log, never the message), and keeps JSON for API clients and refusals", async () => {
    const browser = { accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8" };
    const { app, lines } = appThrowing(() => new Error("connect ECONNREFUSED postgres://admin:hunter2@db"));
    const page = await app.request("/throws", { headers: browser });
    const text = await page.text();
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(text).toContain("Something went wrong on our side");
    expect(text).not.toContain("hunter2");
    const logged = lines.find((line) => line.msg === "unhandled error")!;
    expect(text).toContain(`<code>${String(logged.request_id)}</code>`);

    const api = await app.request("/throws", { headers: { accept: "*/*" } });
    expect(api.headers.get("content-type")).toMatch(/^application\/json/);
    const refused = await answer(() => new Refusal("not_found", "not_found", "Invitation not found"));
    expect(refused.body.error.code).toBe("not_found");
    const refusedInBrowser = await appThrowing(() => new Refusal("not_found", "not_found", "gone")).app.request("/throws", {
      headers: browser,
    });
    expect(refusedInBrowser.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers a value PostgreSQL cannot store with 400 invalid_request", async () => {
    const refused = await answer(() => Object.assign(new Error('invalid input syntax for type uuid: "x"'), { code: "22P02" }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("invalid_request");
  });
});
