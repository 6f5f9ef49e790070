import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createLogger } from "../../core/logger.ts";
import { STANDARD_FIELDS } from "../../core/leads/standard-fields.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";

/**
 * Hostile and merely odd lead submissions, over real sockets: never a 5xx, never a lead lost
 * to another seller's bad byte, and whatever intake accepts is delivered.
 */

let service: RunningService;
let receiver: WebhookReceiver;
let buyer: SeededBuyer;
let otherSeller: SeededBuyer;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

const MAPPINGS = [
  ...STANDARD_FIELDS.map((field) => ({ to: field.name, template: `{{lead.${field.name}}}` })),
  { to: "custom", template: "{{lead.custom}}" },
  { to: "raw_email", template: "{{raw.email}}" },
];

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  service = await startService(testConfig({ OUTBOUND_ALLOWED_NETWORKS: "127.0.0.0/8" }), createLogger("silent"));
  const destination = {
    integration: "webhook" as const,
    name: "Buyer CRM",
    settings: { url: `${receiver.url}/leads` },
    mappings: MAPPINGS,
  };
  buyer = await seedBuyer(service.prisma, secretBox, { destination });
  otherSeller = await seedBuyer(service.prisma, secretBox, { destination });
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
});

type Body = Uint8Array | string;

function bytes(body: Body): Uint8Array {
  return typeof body === "string" ? new TextEncoder().encode(body) : body;
}

function post(path: string, body: Body, headers: Record<string, string>, key = buyer.postingKey) {
  return fetch(`${service.url}${path}`, { method: "POST", body: bytes(body), headers: { "x-api-key": key, ...headers } });
}

interface IntakeAnswer {
  status: number;
  body: { outcome: string; reason?: string; lead?: { id: string }; deliveries?: { outcome: string; reason: string }[] };
}

async function answer(res: Response): Promise<IntakeAnswer> {
  return { status: res.status, body: (await res.json()) as IntakeAnswer["body"] };
}

async function storedLead(id: string) {
  const res = await fetch(`${service.url}/leads/${id}`, { headers: { authorization: `Bearer ${buyer.accountKey}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    fields: Record<string, unknown>;
    raw: Record<string, unknown>;
    invalid: string[];
    events: { type: string; outcome: string; snapshot: { replaced_characters?: string[]; ignored?: string[] } | null }[];
  };
}

function leadCount(flowId: string): Promise<number> {
  return service.prisma.lead.count({ where: { flowId } });
}

/** Latin-1 bytes of a string (every char below U+0100). */
function latin1(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

/** "\ud800" as a client that does not check its UTF-8 would send it (CESU-8 bytes): ED A0 80. */
const SURROGATE_BYTES = "%ED%A0%80";

describe("characters PostgreSQL cannot store", () => {
  // [body type, where, the character, a request] -> the stored field name that carries U+FFFD.
  const json = (fields: Record<string, unknown>) => ({ body: JSON.stringify(fields), headers: { "content-type": "application/json" } });
  const form = (text: string) => ({ body: text, headers: { "content-type": "application/x-www-form-urlencoded" } });
  const xml = (text: string) => ({
    body: `<?xml version="1.0"?><lead><email>x@example.com</email>${text}</lead>`,
    headers: { "content-type": "application/xml" },
  });
  const multipart = (name: string, value: Body) => {
    const head = new TextEncoder().encode(`--b0\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`);
    const tail = new TextEncoder().encode("\r\n--b0--\r\n");
    const v = bytes(value);
    const body = new Uint8Array(head.length + v.length + tail.length);
    body.set(head);
    body.set(v, head.length);
    body.set(tail, head.length + v.length);
    return { body, headers: { "content-type": "multipart/form-data; boundary=b0" } };
  };
  const cesuSurrogate = Uint8Array.of(0x78, 0xed, 0xa0, 0x80, 0x79); // "x", lone \ud800 as bytes, "y"

  it.each<[string, { body: Body; headers: Record<string, string>; query?: string }, string]>([
    ["JSON value NUL", json({ comments: "x\u0000y" }), "comments"],
    ["JSON value \\ud800", json({ comments: "x\ud800y" }), "comments"],
    ["JSON value \\udc00", json({ comments: "x\udc00y" }), "comments"],
    ["JSON name NUL", json({ "no\u0000te": "v" }), "no\ufffdte"],
    ["JSON name \\ud800", json({ "no\ud800te": "v" }), "no\ufffdte"],
    ["JSON name \\udc00", json({ "no\udc00te": "v" }), "no\ufffdte"],
    ["JSON NUL inside nested arrays and objects", json({ deep: { list: [{ v: "\u0000" }, { w: "ok" }] } }), "deep.list.0.v"],
    ["JSON \\udc00 in a nested name", json({ deep: { ["k\udc00"]: { v: "1" } } }), "deep.k\ufffd.v"],
    ["form value NUL", form("comments=x%00y"), "comments"],
    ["form name NUL", form("no%00te=v"), "no\ufffdte"],
    ["form value surrogate bytes", form(`comments=x${SURROGATE_BYTES}y`), "comments"],
    ["form name surrogate bytes", form(`no${SURROGATE_BYTES}te=v`), "no\ufffd\ufffd\ufffdte"],
    ["query value NUL", { ...json({}), query: "comments=x%00y" }, "comments"],
    ["query name NUL", { ...json({}), query: "no%00te=v" }, "no\ufffdte"],
    ["query value surrogate bytes", { ...json({}), query: `comments=x${SURROGATE_BYTES}y` }, "comments"],
    ["query name surrogate bytes", { ...json({}), query: `no${SURROGATE_BYTES}te=v` }, "no\ufffd\ufffd\ufffdte"],
    ["XML value NUL", xml("<comments>x\u0000y</comments>"), "comments"],
    ["XML name NUL", xml("<no\u0000te>v</no\u0000te>"), "no\ufffdte"],
    [
      "XML value surrogate bytes",
      { ...xml(""), body: Buffer.concat([Buffer.from("<lead><comments>"), cesuSurrogate, Buffer.from("</comments></lead>")]) },
      "comments",
    ],
    ["multipart value NUL", multipart("comments", "x\u0000y"), "comments"],
    ["multipart name NUL", multipart("no\u0000te", "v"), "no\ufffdte"],
    ["multipart value surrogate bytes", multipart("comments", cesuSurrogate), "comments"],
    ["multipart name surrogate bytes", multipart("no\udc00te", "v"), "no\ufffdte"],
  ])("%s: 201 with U+FFFD, and the lead says which field", async (_name, request, field) => {
    const res = await answer(await post(`${buyer.submitPath}${request.query ? `?${request.query}` : ""}`, request.body, request.headers));
    expect(res).toMatchObject({ status: 201, body: { outcome: "success" } });
    const lead = await storedLead(res.body.lead!.id);
    const flatRaw = flatten(lead.raw);
    expect(Object.keys(flatRaw)).toContain(field);
    expect(`${field}=${String(flatRaw[field])}`).toContain("\ufffd");
    expect(JSON.stringify(lead.raw)).not.toMatch(/\\u0000|\\ud[89a-f]/i);
    expect(lead.invalid).toContain(field);
    expect(lead.events.find((e) => e.type === "source")?.snapshot?.replaced_characters).toContain(field);
  });
});

function flatten(value: unknown, prefix = ""): Record<string, unknown> {
  if (typeof value !== "object" || value === null) return { [prefix]: value };
  return Object.assign({}, ...Object.entries(value).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k))) as Record<string, unknown>;
}

describe("one bad lead never fails another", () => {
  // Sanitising and the field limits leave no value this intake can produce that PostgreSQL
  // refuses, so the database is taught one: a trigger raising the same SQLSTATE class NUL did
  // (22P05, untranslatable character) for leads carrying `pg_poison`. Another trigger plays a
  // full disk (53100) for every lead of one flow: a storage failure, not a data one.
  beforeAll(async () => {
    await service.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION hostile_intake_test_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.raw ? 'pg_poison' THEN RAISE EXCEPTION 'test poison' USING ERRCODE = '22P05'; END IF;
        IF NEW.flow_id = '${otherSeller.flowId}'::uuid AND NEW.raw ? 'disk_full' THEN RAISE EXCEPTION 'test disk full' USING ERRCODE = '53100'; END IF;
        RETURN NEW;
      END $$`);
    await service.prisma.$executeRawUnsafe(
      `CREATE TRIGGER hostile_intake_test BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION hostile_intake_test_trigger()`,
    );
  });
  afterAll(async () => {
    await service.prisma.$executeRawUnsafe(`DROP TRIGGER IF EXISTS hostile_intake_test ON leads`);
    await service.prisma.$executeRawUnsafe(`DROP FUNCTION IF EXISTS hostile_intake_test_trigger()`);
  });

  it("poison leads posted among good ones from two sellers: every good one is 201 and stored, only the poison fails (422)", async () => {
    const goodBefore = await leadCount(otherSeller.flowId);
    let goodForOtherSeller = 0;
    for (let round = 0; round < 3; round++) {
      const requests = Array.from({ length: 50 }, (_, i) => {
        const poison = i % 12 === 5 || i % 12 === 8;
        const seller = i % 2 ? otherSeller : buyer;
        const fields = { email: `good${round}-${i}@example.com`, first_name: "Good", ...(poison ? { pg_poison: "1" } : {}) };
        return {
          poison,
          seller,
          promise: post(seller.submitPath, JSON.stringify(fields), { "content-type": "application/json" }, seller.postingKey).then(answer),
        };
      });
      const answers = await Promise.all(requests.map((r) => r.promise));
      answers.forEach((res, i) => {
        if (requests[i]!.poison)
          expect(res).toEqual({
            status: 422,
            body: { outcome: "error", reason: "Lead could not be stored: a value is not storable", price: 0 },
          });
        else expect(res).toMatchObject({ status: 201, body: { outcome: "success" } });
      });
      goodForOtherSeller += requests.filter((r) => !r.poison && r.seller === otherSeller).length;
      const goodIds = answers.filter((_, i) => !requests[i]!.poison).map((res) => res.body.lead!.id);
      expect(await service.prisma.lead.count({ where: { id: { in: goodIds } } })).toBe(goodIds.length);
    }
    expect(await leadCount(otherSeller.flowId)).toBe(goodBefore + goodForOtherSeller);
  });

  it("a storage failure still answers 503 to every lead it hits, and stores none", async () => {
    const before = await leadCount(otherSeller.flowId);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(
          otherSeller.submitPath,
          JSON.stringify({ email: `full${i}@example.com`, disk_full: "1" }),
          { "content-type": "application/json" },
          otherSeller.postingKey,
        ).then(answer),
      ),
    );
    for (const res of answers)
      expect(res).toMatchObject({ status: 503, body: { outcome: "error", reason: "Storage unavailable, retry later" } });
    expect(await leadCount(otherSeller.flowId)).toBe(before);
  });
});

describe("malformed multipart", () => {
  const part = '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n';
  it.each<[string, string, string, RegExp]>([
    ["missing boundary", "multipart/form-data", `${part}--x--\r\n`, /no boundary parameter/],
    ["empty boundary", "multipart/form-data; boundary=", `${part}--x--\r\n`, /boundary parameter is empty/],
    ["empty quoted boundary", 'multipart/form-data; boundary=""', `${part}--x--\r\n`, /boundary parameter is empty/],
    ["mismatched boundary", "multipart/form-data; boundary=y", `${part}--x--\r\n`, /does not contain the boundary "y"/],
    ["no closing boundary", "multipart/form-data; boundary=x", part, /no closing boundary "--x--"/],
    ["empty body", "multipart/form-data; boundary=x", "", /body is empty/],
    ["nameless part", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\n1\r\n--x--\r\n", /part has no name/],
    [
      "part without Content-Disposition",
      "multipart/form-data; boundary=x",
      "--x\r\nContent-Type: text/plain\r\n\r\n1\r\n--x--\r\n",
      /no Content-Disposition/,
    ],
    ["boundary=x with a JSON body", "multipart/form-data; boundary=x", '{"email":"a@example.com"}', /does not contain the boundary "x"/],
  ])("%s: 400 naming the problem, nothing stored", async (_name, contentType, body, reason) => {
    const before = await leadCount(buyer.flowId);
    const res = await answer(await post(buyer.submitPath, body, { "content-type": contentType }));
    expect(res.status).toBe(400);
    expect(res.body.outcome).toBe("error");
    expect(res.body.reason).toMatch(/^Malformed multipart body: /);
    expect(res.body.reason).toMatch(reason);
    expect(await leadCount(buyer.flowId)).toBe(before);
  });

  it("a well-formed multipart lead is accepted (file parts are not fields)", async () => {
    const body = `${part}--x\r\nContent-Disposition: form-data; name="doc"; filename="a.txt"\r\n\r\nfile\r\n--x--\r\n`;
    const res = await answer(await post(buyer.submitPath, body, { "content-type": "multipart/form-data; boundary=x" }));
    expect(res).toMatchObject({ status: 201, body: { outcome: "success" } });
    expect((await storedLead(res.body.lead!.id)).raw).toEqual({ email: "a@example.com" });
  });
});

describe("HEAD has no side effect", () => {
  it("HEAD on the intake with a posting key answers 405 with Allow and stores no lead", async () => {
    const before = await leadCount(buyer.flowId);
    const qs = new URLSearchParams({ email: "head@example.com", apisecret: buyer.postingKey });
    const res = await fetch(`${service.url}${buyer.submitPath}?${qs}`, { method: "HEAD", headers: { "x-api-key": buyer.postingKey } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
    expect(await leadCount(buyer.flowId)).toBe(before);
    // The same request as GET does store one.
    expect((await fetch(`${service.url}${buyer.submitPath}?${qs}`)).status).toBe(201);
    expect(await leadCount(buyer.flowId)).toBe(before + 1);
  });

  it("HEAD on the OAuth callback answers 405 without running it", async () => {
    const res = await fetch(`${service.url}/oauth/salesforce/callback?code=c&state=s`, { method: "HEAD" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET");
  });
});

describe("charsets", () => {
  it.each<[string, Body, string]>([
    ["JSON; charset=latin1", latin1('{"first_name":"Ren\u00e9","city":"Z\u00fcrich"}'), "application/json; charset=latin1"],
    ["JSON; charset=ISO-8859-1", latin1('{"first_name":"Ren\u00e9","city":"Z\u00fcrich"}'), "application/json; charset=ISO-8859-1"],
    ['JSON; charset="windows-1252"', latin1('{"first_name":"Ren\u00e9","city":"Z\u00fcrich"}'), 'application/json; charset="windows-1252"'],
    [
      "JSON; charset=utf-16le",
      Buffer.from('{"first_name":"Ren\u00e9","city":"Z\u00fcrich"}', "utf16le"),
      "application/json; charset=utf-16le",
    ],
    [
      "JSON, UTF-8 with a BOM",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"first_name":"Ren\u00e9","city":"Z\u00fcrich"}')]),
      "application/json",
    ],
    ["form; charset=iso-8859-1", "first_name=Ren%E9&city=Z%FCrich", "application/x-www-form-urlencoded; charset=iso-8859-1"],
    ["form, UTF-8", "first_name=Ren%C3%A9&city=Z%C3%BCrich", "application/x-www-form-urlencoded"],
    [
      "XML; charset=latin1",
      latin1("<lead><first_name>Ren\u00e9</first_name><city>Z\u00fcrich</city></lead>"),
      "application/xml; charset=latin1",
    ],
    [
      "XML with an ISO-8859-1 prolog",
      latin1('<?xml version="1.0" encoding="ISO-8859-1"?><lead><first_name>Ren\u00e9</first_name><city>Z\u00fcrich</city></lead>'),
      "text/xml",
    ],
  ])("%s is decoded: é stored as é", async (_name, body, contentType) => {
    const res = await answer(await post(buyer.submitPath, body, { "content-type": contentType }));
    expect(res).toMatchObject({ status: 201, body: { outcome: "success" } });
    const lead = await storedLead(res.body.lead!.id);
    expect(lead.raw).toMatchObject({ first_name: "Ren\u00e9", city: "Z\u00fcrich" });
    expect(lead.invalid).toEqual([]);
  });

  it.each([
    ["application/json; charset=klingon", "{}"],
    ["application/x-www-form-urlencoded; charset=klingon", "a=1"],
    ["application/xml", '<?xml version="1.0" encoding="klingon"?><lead/>'],
  ])("%s: 415 naming the supported charsets", async (contentType, body) => {
    const res = await answer(await post(buyer.submitPath, body, { "content-type": contentType }));
    expect(res.status).toBe(415);
    expect(res.body.reason).toMatch(/Unsupported charset "klingon": send utf-8, iso-8859-1 \(latin1\), windows-1252/);
  });
});

describe("names and values delivery could not render", () => {
  it.each<[string, Record<string, unknown>, Record<string, string>]>([
    [
      "first_name.toString",
      { "first_name.toString": "x", email: "ts@example.com" },
      { first_name: '{"toString":"x"}', email: "ts@example.com" },
    ],
    [
      "email {valueOf, toString}",
      { email: { valueOf: "1", toString: "2" }, first_name: "Val" },
      { email: '{"valueOf":"1","toString":"2"}', raw_email: '{"valueOf":"1","toString":"2"}', first_name: "Val" },
    ],
    [
      "email as an array of objects",
      { email: [{ a: "1" }, { b: "2" }], first_name: "Arr" },
      { email: '{"0":{"a":"1"},"1":{"b":"2"}}', first_name: "Arr" },
    ],
    [
      "a custom field's toString / __proto__ / constructor",
      { "custom.toString": "x", custom2: { __proto__: "p", constructor: "c" }, first_name: "Cus", email: "cus@example.com" },
      { first_name: "Cus" },
    ],
    [
      "hasOwnProperty and valueOf at the top",
      { hasOwnProperty: "h", valueOf: "v", toString: "t", first_name: "Top", email: "top@example.com" },
      { first_name: "Top" },
    ],
  ])("%s: stored so delivery renders it, and delivered", async (_name, fields, sent) => {
    const res = await answer(await post(`${buyer.submitPath}?wait=10`, JSON.stringify(fields), { "content-type": "application/json" }));
    expect(res).toMatchObject({ status: 201, body: { outcome: "success" } });
    expect(res.body.deliveries).toEqual([expect.objectContaining({ outcome: "success", reason: "Webhook answered 200" })]);
    const delivered = [...receiver.processed.values()].find((r) => (r.body as Record<string, unknown>).first_name === sent["first_name"]);
    expect(delivered?.body).toMatchObject(sent);
    const lead = await storedLead(res.body.lead!.id);
    expect(JSON.stringify(lead.fields)).not.toMatch(/"(toString|valueOf|hasOwnProperty|__proto__|constructor)":/);
  });

  it("says which names it ignored", async () => {
    const res = await answer(
      await post(buyer.submitPath, JSON.stringify({ "custom.toString": "x", email: "ig@example.com" }), {
        "content-type": "application/json",
      }),
    );
    const lead = await storedLead(res.body.lead!.id);
    expect(lead.events.find((e) => e.type === "source")?.snapshot?.ignored).toEqual(["custom.toString"]);
  });
});

describe("limits", () => {
  const deepJson = '{"a":'.repeat(10_000) + '"x"' + "}".repeat(10_000);
  const manyFields = JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`f${i}`, "x"])));
  const manyFieldsForm = Array.from({ length: 10_000 }, (_, i) => `f${i}=x`).join("&");
  it.each<[string, Body, string, number, RegExp]>([
    ["JSON nested 10,000 levels", deepJson, "application/json", 400, /nested deeper than 32 levels/],
    [
      "JSON arrays nested 10,000 levels",
      `{"a":${"[".repeat(10_000)}{"b":1}${"]".repeat(10_000)}}`,
      "application/json",
      400,
      /nested deeper than 32 levels/,
    ],
    [
      "a dotted name of 40 levels",
      JSON.stringify({ [Array(40).fill("a").join(".")]: "x" }),
      "application/json",
      400,
      /nested deeper than 32 levels/,
    ],
    [
      "XML nested 10,000 levels",
      `<lead>${"<a>".repeat(10_000)}x${"</a>".repeat(10_000)}</lead>`,
      "application/xml",
      400,
      /nested deeper than 32 levels|more than 5000 elements/,
    ],
    ["10,000 JSON fields", manyFields, "application/json", 400, /More than 1000 fields/],
    ["10,000 form fields", manyFieldsForm, "application/x-www-form-urlencoded", 400, /More than 1000 fields/],
    [
      "10,000 XML fields",
      `<lead>${Array.from({ length: 10_000 }, (_, i) => `<f${i}>x</f${i}>`).join("")}</lead>`,
      "application/xml",
      400,
      /more than 5000 elements/,
    ],
    [
      "a 100,000-character field name",
      JSON.stringify({ ["k".repeat(100_000)]: "x" }),
      "application/json",
      400,
      /longer than 256 characters/,
    ],
    [
      "a 2 MB body",
      JSON.stringify({ comments: "x".repeat(2 * 1024 * 1024) }),
      "application/json",
      413,
      /Body too large: the limit is 1 MB/,
    ],
  ])("%s: %d with a reason", async (_name, body, contentType, status, reason) => {
    const before = await leadCount(buyer.flowId);
    const res = await answer(await post(buyer.submitPath, body, { "content-type": contentType }));
    expect(res.status).toBe(status);
    expect(res.body.reason).toMatch(reason);
    expect(await leadCount(buyer.flowId)).toBe(before);
  });
});

describe("bodies sent chunked (no Content-Length: their size is only known by reading them)", () => {
  function postChunked(text: string) {
    const chunks = text.match(/[\s\S]{1,65536}/g) ?? [];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
        controller.close();
      },
    });
    return fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { "x-api-key": buyer.postingKey, "content-type": "application/json" },
    } as RequestInit);
  }

  it("a 2 MB chunked body: 413 with a reason, nothing stored", async () => {
    const before = await leadCount(buyer.flowId);
    const res = await answer(await postChunked(JSON.stringify({ comments: "x".repeat(2 * 1024 * 1024) })));
    expect(res.status).toBe(413);
    expect(res.body.reason).toMatch(/Body too large: the limit is 1 MB/);
    expect(await leadCount(buyer.flowId)).toBe(before);
  });

  it("a small chunked body: 201 and stored", async () => {
    const res = await answer(await postChunked(JSON.stringify({ email: "chunked@example.com", first_name: "Chunked" })));
    expect(res.status).toBe(201);
    expect((await storedLead(res.body.lead!.id)).fields).toMatchObject({ email: "chunked@example.com", first_name: "Chunked" });
  });
});

describe("odd but harmless", () => {
  const lol = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join("");
  it.each<[string, Body, string, number]>([
    [
      "XML billion laughs",
      `<?xml version="1.0"?><!DOCTYPE l [<!ENTITY lol0 "lol">${lol}]><lead><email>bl@example.com</email><a>&lol9;</a></lead>`,
      "application/xml",
      201,
    ],
    [
      "XML external entity",
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><lead><a>&e;</a></lead>',
      "application/xml",
      400,
    ],
    [
      "JSON __proto__ and constructor keys",
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"email":"p@example.com"}',
      "application/json",
      201,
    ],
    [
      "JSON numbers out of range",
      '{"email":"n@example.com","amount":1e400,"tiny":-1e-400,"big":123456789012345678901234567890}',
      "application/json",
      201,
    ],
    ["JSON array body", "[1,2]", "application/json", 400],
    ["JSON string body", '"lead"', "application/json", 400],
    ["truncated JSON", '{"email":"t@exa', "application/json", 400],
    ["XML without <lead>", "<result><a>1</a></result>", "application/xml", 400],
    ["form with only separators", "&&&===&", "application/x-www-form-urlencoded", 201],
    ["form with broken percent-escapes", "email=a%ZZ%&first_name=%E", "application/x-www-form-urlencoded", 201],
  ])("%s: %d, never a 5xx", async (_name, body, contentType, status) => {
    const res = await answer(await post(buyer.submitPath, body, { "content-type": contentType }));
    expect(res.status).toBe(status);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("a flow saved with a field or rule on a now-reserved name keeps taking leads", async () => {
    const seller = await seedBuyer(service.prisma, secretBox);
    await service.prisma.flow.update({
      where: { id: seller.flowId },
      data: {
        fields: [
          { name: "toString", required: false },
          { name: "email", required: true },
        ],
        rules: [{ field: "valueOf", operator: "is blank" }],
      },
    });
    const res = await answer(
      await post(seller.submitPath, JSON.stringify({ email: "r@example.com" }), { "content-type": "application/json" }, seller.postingKey),
    );
    expect(res).toMatchObject({ status: 201, body: { outcome: "success" } });
  });
});

describe("after the whole corpus", () => {
  it("a good lead is still accepted and delivered", async () => {
    const res = await answer(
      await post(`${buyer.submitPath}?wait=10`, JSON.stringify({ first_name: "Afterwards", email: "after@example.com" }), {
        "content-type": "application/json",
      }),
    );
    expect(res).toMatchObject({ status: 201, body: { outcome: "success", deliveries: [{ outcome: "success" }] } });
    const delivered = [...receiver.processed.values()].find((r) => (r.body as Record<string, unknown>).first_name === "Afterwards");
    expect(delivered?.body).toMatchObject({ first_name: "Afterwards", email: "after@example.com" });
  });
});
