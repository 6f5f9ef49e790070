import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { seedBuyer, seedWebhookBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { leadSettled } from "../support/leads.ts";
import { ApiClient, type ApiAnswer } from "../support/api-client.ts";
import { captureLog } from "../support/log-capture.ts";

/**
 * Issue 8 item 2 and issue 9 items 3 and 8, replayed over real HTTP: hostile field mapping
 * templates are refused when saved, a template that slipped into the database fails its leads
 * permanently with a named reason after one attempt, and leads holding odd values accepted by
 * intake are delivered.
 */

const { lines, sink } = captureLog();

let service: RunningService;
let receiver: WebhookReceiver;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // Retries are quick here, so a retried failure would show up as more than one attempt.
  service = await startService(
    testConfig({ DELIVERY_RETRY_SCHEDULE: "0.1,0.1,0.1", LOG_LEVEL: "trace", OUTBOUND_ALLOWED_NETWORKS: "127.0.0.0/8,::1/128" }),
    createLogger("trace", sink),
  );
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function api(key: string, method: string, path: string, body?: unknown) {
  return new ApiClient(service.url, key).request<ApiAnswer>(method, path, body);
}

async function webhookBuyer(path: string): Promise<SeededBuyer> {
  return seedWebhookBuyer(service.prisma, secretBox, `${receiver.url}${path}`);
}

async function submit(buyer: SeededBuyer, body: string): Promise<string> {
  const res = await fetch(`${service.url}${buyer.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
    body,
  });
  expect(res.status).toBe(201);
  const answer = (await res.json()) as { outcome: string; lead: { id: string } };
  expect(answer.outcome).toBe("success");
  return answer.lead.id;
}

async function settled(leadId: string) {
  return leadSettled(service.prisma, leadId);
}

const BOMB = "{{#each @root.raw}}{{#each @root.raw}}{{#each @root.raw}}{{#each @root.raw}}x{{/each}}{{/each}}{{/each}}{{/each}}";

/** The review's and issue 9's templates that were saved (201) and then failed every lead. */
const HOSTILE: [label: string, template: string, why: RegExp][] = [
  ["the nested each over @root.raw", BOMB, /blocks are nested more than 3 deep/],
  ["one each over @root.raw", "{{#each @root.raw}}{{this}}{{/each}}", /each is not allowed/],
  ["log", '{{log "lr-template-log-marker" lead.email}}', /log helper is not available/],
  ["lookup of the lead", "{{lookup lead}}", /lookup is not allowed/],
  ["lookup inside each", "{{#each lead}}{{lookup}}{{/each}}", /each is not allowed/],
  ["a missing partial", "{{> missing}}", /partials/],
  ["an unclosed if inside with", "{{#with lead}}{{#if email}}{{email}}{{/with}}", /\{\{#if\}\} is closed by \{\{\/with\}\}/],
  ["@root", "{{@root.raw.email}}", /data variables/],
  ["an unknown helper", "{{helperMissing lead}}", /not a helper/],
];

describe("saving a destination with a hostile mapping template", () => {
  it.each(HOSTILE)("refuses %s on create with 422 naming the mapping", async (_label, template, why) => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const before = await service.prisma.destination.count({ where: { accountId: buyer.accountId } });
    const res = await api(buyer.accountKey, "POST", "/destinations", {
      integration: "webhook",
      name: "Hook",
      settings: { url: `${receiver.url}/never` },
      mappings: [
        { to: "email", template: "{{lead.email}}" },
        { to: "crm_note", template },
      ],
    });
    expect(res.status).toBe(422);
    const problems = res.body.error?.details?.problems ?? [];
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe("mappings");
    expect(problems[0]!.message).toMatch(/^Field mapping for crm_note: /);
    expect(problems[0]!.message).toMatch(why);
    expect(await service.prisma.destination.count({ where: { accountId: buyer.accountId } })).toBe(before);
    expect(receiver.requestsTo("HEAD /never")).toHaveLength(0);
  });

  it.each(HOSTILE)("refuses %s on update with 422 and keeps the old mappings", async (_label, template, why) => {
    const buyer = await webhookBuyer("/update");
    const before = await service.prisma.destination.findUniqueOrThrow({ where: { id: buyer.destinationId! } });
    const res = await api(buyer.accountKey, "PATCH", `/destinations/${buyer.destinationId!}`, { mappings: [{ to: "Notes", template }] });
    expect(res.status).toBe(422);
    expect(res.body.error?.details?.problems).toEqual([{ field: "mappings", message: expect.stringMatching(why) }]);
    expect(res.body.error?.details?.problems?.[0]?.message).toMatch(/^Field mapping for Notes: /);
    const after = await service.prisma.destination.findUniqueOrThrow({ where: { id: buyer.destinationId! } });
    expect(after.mappings).toEqual(before.mappings);
    expect(after.version).toBe(before.version);
  });

  it("names every bad mapping at once", async () => {
    const buyer = await seedBuyer(service.prisma, secretBox);
    const res = await api(buyer.accountKey, "POST", "/destinations", {
      integration: "webhook",
      name: "Hook",
      settings: { url: `${receiver.url}/never` },
      mappings: [
        { to: "a", template: "{{lookup lead}}" },
        { to: "b", template: "{{lead.email}}" },
        { to: "c", template: "{{> missing}}" },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.body.error?.details?.problems?.map((p) => p.message.split(":")[0])).toEqual(["Field mapping for a", "Field mapping for c"]);
  });

  it("still saves the allowed forms (paths, if/with, helpers) and delivers them", async () => {
    const buyer = await webhookBuyer("/allowed");
    const res = await api(buyer.accountKey, "PATCH", `/destinations/${buyer.destinationId!}`, {
      mappings: [
        { to: "email", template: "{{lowercase lead.email}}" },
        { to: "name", template: '{{#if lead.first_name}}{{lead.first_name}} {{/if}}{{default lead.last_name "(none)"}}' },
        { to: "loan", template: "{{#with lead.mortgage}}{{loan.amount}}{{else}}no loan{{/with}}" },
        { to: "phone", template: "{{raw.phone_1}}" },
      ],
    });
    expect(res.status).toBe(200);
    const lead = await settled(
      await submit(
        buyer,
        JSON.stringify({ first_name: "Ada", email: "ADA@Example.com", phone_1: "(512) 555-0134", "mortgage.loan.amount": "250000" }),
      ),
    );
    expect(lead.status).toBe("delivered");
    const [hit] = receiver.requestsTo("POST /allowed");
    expect(hit!.body).toEqual({ email: "ada@example.com", name: "Ada (none)", loan: "250000", phone: "(512) 555-0134" });
  });

  it("never lets {{log}} write to the service log or the console", async () => {
    const consoleCalls: unknown[][] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleCalls.push(args));
    }
    const buyer = await webhookBuyer("/log");
    const refused = await api(buyer.accountKey, "PATCH", `/destinations/${buyer.destinationId!}`, {
      mappings: [{ to: "email", template: '{{log "lr-template-log-marker" lead.email}}' }],
    });
    expect(refused.status).toBe(422);
    // The same template written straight to the database (as an old destination could hold it).
    await service.prisma.destination.update({
      where: { id: buyer.destinationId! },
      data: { mappings: [{ to: "email", template: '{{log "lr-template-log-marker" lead.email}}' }] },
    });
    const lead = await settled(await submit(buyer, JSON.stringify({ email: "pii-in-log@example.com" })));
    expect(lead.status).toBe("failed");
    expect(lead.reason).toBe("Field mapping error: email: the log helper is not available in field mappings");
    const everything = lines.join("") + JSON.stringify(consoleCalls);
    expect(everything).not.toContain("lr-template-log-marker");
    expect(everything).not.toContain("pii-in-log@example.com");
  });
});

describe("a hostile template already in the database", () => {
  it.each(HOSTILE)("fails the lead permanently after one attempt: %s", async (_label, template, why) => {
    const path = `/slipped-${Math.random().toString(36).slice(2)}`;
    const buyer = await webhookBuyer(path);
    await service.prisma.destination.update({
      where: { id: buyer.destinationId! },
      data: {
        mappings: [
          { to: "email", template: "{{lead.email}}" },
          { to: "crm_note", template },
        ],
      },
    });
    const lead = await settled(
      await submit(buyer, JSON.stringify({ first_name: "Ada", email: "ada@example.com", city: "Austin", state: "TX" })),
    );
    expect(lead.status).toBe("failed");
    expect(lead.reason).toMatch(/^Field mapping error: crm_note: /);
    expect(lead.reason).toMatch(why);
    expect(lead.deliveries).toHaveLength(1);
    expect(lead.deliveries[0]!.status).toBe("failed");
    expect(lead.deliveries[0]!.attempts).toBe(1);
    expect(lead.events.filter((e) => e.type === "recipient").map((e) => `${e.outcome}:${e.reason}`)).toEqual([`failure:${lead.reason}`]);
    expect(receiver.requestsTo(`POST ${path}`)).toHaveLength(0);
  });

  it("fails a lead whose fields are too long for a mapping with a named reason, once", async () => {
    const path = "/too-long";
    const buyer = await webhookBuyer(path);
    await service.prisma.destination.update({
      where: { id: buyer.destinationId! },
      data: { mappings: [{ to: "notes", template: "{{lead.comments}}".repeat(8) }] },
    });
    const lead = await settled(await submit(buyer, JSON.stringify({ comments: "c".repeat(200_000) })));
    expect(lead.status).toBe("failed");
    expect(lead.reason).toBe("Field mapping error: notes: output is longer than 1,048,576 characters");
    expect(lead.deliveries[0]!.attempts).toBe(1);
    expect(receiver.requestsTo(`POST ${path}`)).toHaveLength(0);
  });

  it("fails a delivery whose preparation throws with a named reason, never an Internal error retried", async () => {
    const path = "/broken-credentials";
    const buyer = await webhookBuyer(path);
    // Stored credentials that cannot be opened: the delivery cannot be prepared, now or later.
    await service.prisma.destination.update({ where: { id: buyer.destinationId! }, data: { credentials: "not-a-sealed-secret" } });
    const lead = await settled(await submit(buyer, JSON.stringify({ email: "ada@example.com" })));
    expect(lead.status).toBe("failed");
    expect(lead.reason).toBe("Delivery preparation failed: Error");
    expect(lead.deliveries[0]!.attempts).toBe(1);
    expect(receiver.requestsTo(`POST ${path}`)).toHaveLength(0);
  });
});

describe("leads with values that look like object methods (issue 9, item 3)", () => {
  it.each([
    [
      "a dotted toString key",
      '{"first_name.toString":"x","email":"one@example.com"}',
      (body: Record<string, unknown>) => expect(body.email).toBe("one@example.com"),
    ],
    [
      "an email object with valueOf and toString",
      '{"first_name":"Ada","email":{"valueOf":"1","toString":"2"}}',
      (body: Record<string, unknown>) => expect(body.first_name).toBe("Ada"),
    ],
    [
      "constructor and __proto__ keys",
      '{"first_name":"Ada","constructor":{"name":"x"},"__proto__":{"polluted":"yes"},"comments":{"toString":{"valueOf":1}}}',
      (body: Record<string, unknown>) => expect(body.polluted).toBeUndefined(),
    ],
    [
      "arrays, numbers, booleans and nulls",
      '{"first_name":["a","b"],"last_name":{"0":{"x":null}},"company":12.5,"comments":true,"city":null}',
      () => undefined,
    ],
    [
      "a very long value",
      JSON.stringify({ first_name: "Ada", comments: "é".repeat(300_000) }),
      (body: Record<string, unknown>) => expect(body.comments).toBe("é".repeat(300_000)),
    ],
  ])("delivers a lead with %s", async (_label, payload, check) => {
    const path = `/odd-${Math.random().toString(36).slice(2)}`;
    const buyer = await webhookBuyer(path);
    const lead = await settled(await submit(buyer, payload));
    expect(lead.status, lead.reason ?? "").toBe("delivered");
    expect(lead.deliveries[0]!.attempts).toBe(1);
    const hits = receiver.requestsTo(`POST ${path}`);
    expect(hits).toHaveLength(1);
    const body = hits[0]!.body as Record<string, unknown>;
    for (const value of Object.values(body)) expect(typeof value).toBe("string");
    check(body);
  });
});

describe("a destination answer PostgreSQL cannot store (NUL, lone surrogates)", () => {
  it.each([
    ["a NUL in a JSON answer", { status: 200, body: '{"ok":"a\\u0000b","k\\u0000":1}' }, "delivered", /^Webhook answered 200/],
    [
      "a NUL in the failure reason it gives",
      { status: 200, body: '{"outcome":"failure","reason":"Duplicate\\u0000lead"}' },
      "failed",
      /^Duplicate\uFFFDlead$/,
    ],
    ["a lone surrogate in an error answer", { status: 422, body: '{"error":"\\ud800 bad"}' }, "failed", /^Rejected \(HTTP 422\)$/],
  ])("records %s: sent once, settled, never re-sent", async (_label, answer, status, reason) => {
    const path = `/unstorable-${Math.random().toString(36).slice(2)}`;
    const buyer = await webhookBuyer(path);
    receiver.failNext(`POST ${path}`, { status: answer.status, headers: { "content-type": "application/json" }, body: answer.body }, 5);
    const lead = await settled(await submit(buyer, JSON.stringify({ email: "ada@example.com" })));
    expect(lead.status).toBe(status);
    expect(lead.deliveries[0]!.attempts).toBe(1);
    expect(receiver.requestsTo(`POST ${path}`)).toHaveLength(1);
    const recipient = lead.events.find((e) => e.type === "recipient")!;
    expect(recipient.reason).toMatch(reason);
    expect(JSON.stringify(recipient.snapshot)).not.toMatch(/\\u0000|\\ud800/);
  });
});
