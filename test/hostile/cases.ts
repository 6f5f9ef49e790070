import type { Operation } from "./openapi-operations.ts";

/**
 * The hostile corpus (issue 9, "Done when"): generated requests of every kind the service
 * takes. Each case is one HTTP request (or raw bytes on a socket); the suite asserts no 5xx and
 * no hang for each, then that a good lead posted afterwards is delivered.
 */
export interface HttpCase {
  name: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Longest acceptable wait (the test-lead route waits for its first attempt). */
  timeoutMs?: number;
}

const HUGE = "x".repeat(200_000);
const deep = (levels: number, leaf: unknown = 1): unknown => {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
const deepJson = (levels: number) => "[".repeat(levels) + "]".repeat(levels);

/** Values of the wrong kind (or hostile text) for any field. */
export const HOSTILE_VALUES: Record<string, unknown> = {
  number: 12345,
  negative: -1,
  float: 1.5e308,
  true: true,
  null: null,
  array: ["a", 1, null],
  "empty array": [],
  object: { nested: "x" },
  "empty string": "",
  "huge string": HUGE,
  NUL: "a\u0000b",
  "lone surrogate": "\ud800",
  "control characters": "\u0001\u0007\u001b[31m",
  "CR LF": "a\r\nX-Injected: 1",
  "prototype keys": JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown,
  "deep nesting": deep(200),
  "template syntax": "{{#each lead}}{{lookup}}{{/each}}{{> partial}}",
  unicode: "Zoë 🚀 \u202e\ufeff",
};

const json = { "content-type": "application/json" };

/** Bodies that are wrong as a whole, for any JSON route. */
function wholeBodyCases(): Array<{ name: string; headers: Record<string, string>; body?: string | Buffer }> {
  return [
    { name: "invalid JSON", headers: json, body: '{"name":' },
    { name: "invalid JSON (trailing garbage)", headers: json, body: '{"name":"x"} garbage' },
    { name: "empty body", headers: json, body: "" },
    { name: "no body, no content type", headers: {} },
    { name: "wrong content type (text/plain)", headers: { "content-type": "text/plain" }, body: '{"name":"x"}' },
    { name: "form body", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=x&email=a%40b.co" },
    { name: "XML body", headers: { "content-type": "application/xml" }, body: "<lead><name>x</name></lead>" },
    {
      name: "multipart body",
      headers: { "content-type": "multipart/form-data; boundary=x" },
      body: '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--x--\r\n',
    },
    { name: "JSON array", headers: json, body: "[]" },
    { name: "JSON string", headers: json, body: '"name"' },
    { name: "JSON null", headers: json, body: "null" },
    { name: "JSON number", headers: json, body: "42" },
    { name: "empty object", headers: json, body: "{}" },
    { name: "unknown fields only", headers: json, body: '{"zzz":1,"__proto__":2}' },
    { name: "prototype pollution", headers: json, body: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
    { name: "10,000 levels of nesting", headers: json, body: deepJson(10_000) },
    { name: "a NUL in a key", headers: json, body: '{"na\\u0000me":"x"}' },
    {
      name: "invalid UTF-8 bytes",
      headers: json,
      body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0x22, 0x7d]),
    },
    { name: "UTF-16 body", headers: { "content-type": "application/json; charset=utf-16" }, body: Buffer.from('{"name":"x"}', "utf16le") },
    { name: "2 MB body", headers: json, body: JSON.stringify({ name: "x".repeat(2 * 1024 * 1024) }) },
  ];
}

/** Every POST/PATCH/PUT of /openapi.json: whole-body cases, then each top-level field given each hostile value. */
export function managementCases(
  operations: Operation[],
  pathFor: (operation: Operation) => string,
  auth: (operation: Operation) => Record<string, string>,
): HttpCase[] {
  const cases: HttpCase[] = [];
  for (const operation of operations.filter((o) => ["POST", "PATCH", "PUT"].includes(o.method))) {
    const path = pathFor(operation);
    const base = { method: operation.method, path, timeoutMs: operation.path.endsWith("/test") ? 30_000 : 15_000 };
    for (const c of wholeBodyCases())
      cases.push({
        ...base,
        name: `${operation.method} ${operation.path}: ${c.name}`,
        headers: { ...auth(operation), ...c.headers },
        body: c.body,
      });
    for (const field of Object.keys(operation.bodyProperties)) {
      for (const [label, value] of Object.entries(HOSTILE_VALUES)) {
        cases.push({
          ...base,
          name: `${operation.method} ${operation.path}: ${field} = ${label}`,
          headers: { ...auth(operation), ...json },
          body: JSON.stringify({ [field]: value }),
        });
      }
    }
  }
  return cases;
}

/** Every operation's query parameters given hostile values (and unknown parameters). */
export function queryCases(
  operations: Operation[],
  pathFor: (operation: Operation) => string,
  auth: (operation: Operation) => Record<string, string>,
): HttpCase[] {
  const values = {
    x: "x",
    NUL: "%00",
    "lone surrogate": "%ED%A0%80",
    "5,000 characters": "a".repeat(5_000),
    negative: "-1",
    "huge number": "1e309",
    array: "a&$NAME=b",
    empty: "",
  };
  const cases: HttpCase[] = [];
  for (const operation of operations.filter((o) => o.method === "GET")) {
    for (const name of [...operation.queryParams, "__proto__"]) {
      for (const [label, value] of Object.entries(values)) {
        cases.push({
          name: `GET ${operation.path}?${name} = ${label}`,
          method: "GET",
          path: `${pathFor(operation)}?${name}=${value.replace("$NAME", name)}`,
          headers: auth(operation),
        });
      }
    }
  }
  return cases;
}

/** The intake in each body type, generic cases (the intake's own suites go deeper). */
export function intakeCases(submitPath: string, postingKey: string): HttpCase[] {
  const auth = { authorization: `Bearer ${postingKey}` };
  const post = (name: string, headers: Record<string, string>, body?: string | Buffer, query = ""): HttpCase => ({
    name: `intake ${name}`,
    method: "POST",
    path: `${submitPath}${query}`,
    headers: { ...auth, ...headers },
    body,
  });
  const form = { "content-type": "application/x-www-form-urlencoded" };
  const xml = { "content-type": "application/xml" };
  const multipart = (boundary: string) => ({ "content-type": `multipart/form-data; boundary=${boundary}` });
  const cases: HttpCase[] = [];
  for (const c of wholeBodyCases()) cases.push(post(`JSON: ${c.name}`, c.headers, c.body));
  for (const [label, value] of Object.entries(HOSTILE_VALUES)) {
    cases.push(post(`JSON: email = ${label}`, json, JSON.stringify({ email: value, first_name: "Ada" })));
    if (typeof value === "string") {
      cases.push(post(`form: email = ${label}`, form, new URLSearchParams({ email: value, first_name: "Ada" }).toString()));
      cases.push(post(`query: email = ${label}`, json, "{}", `?${new URLSearchParams({ email: value }).toString()}`));
      cases.push(post(`XML: email = ${label}`, xml, `<lead><email>${value.replace(/[<&]/g, "")}</email></lead>`));
    }
  }
  cases.push(
    post("form: malformed percent-encoding", form, "email=%ZZ&first_name=%E0%A4%A"),
    post("form: 10,000 fields", form, Array.from({ length: 10_000 }, (_, i) => `f${i}=v`).join("&")),
    post("form: dotted keys that collide", form, "a=1&a.b=2&a.b.c=3"),
    post("JSON: dotted keys that collide", json, JSON.stringify({ a: 1, "a.b": 2, "a.b.c": 3 })),
    post(
      "JSON: prototype-named keys",
      json,
      JSON.stringify({ "__proto__.x": 1, "constructor.prototype.y": 2, toString: "x", email: "p@example.com" }),
    ),
    post("XML: malformed", xml, "<lead><email>a@b.co</lead>"),
    post("XML: not rooted at <lead>", xml, "<person><email>a@b.co</email></person>"),
    post(
      "XML: entity expansion",
      xml,
      '<?xml version="1.0"?><!DOCTYPE lead [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><lead><email>&d;</email></lead>',
    ),
    post(
      "XML: external entity",
      xml,
      '<?xml version="1.0"?><!DOCTYPE lead [<!ENTITY x SYSTEM "file:///etc/passwd">]><lead><email>&x;</email></lead>',
    ),
    post("XML: empty", xml, ""),
    post("XML: deep nesting", xml, `<lead>${"<a>".repeat(5_000)}x${"</a>".repeat(5_000)}</lead>`),
    post(
      "multipart: well-formed",
      multipart("b1"),
      '--b1\r\nContent-Disposition: form-data; name="email"\r\n\r\nm@example.com\r\n--b1--\r\n',
    ),
    post("query only (no body)", {}, undefined, "?email=q%40example.com"),
    post("query: repeated key", json, "{}", "?email=a%40b.co&email=c%40d.co"),
    post("query: huge", json, "{}", `?email=${"y".repeat(6_000)}`),
    { name: "intake GET with query", method: "GET", path: `${submitPath}?email=g%40example.com&first_name=Gee`, headers: auth },
    { name: "intake PUT (wrong method)", method: "PUT", path: submitPath, headers: { ...auth, ...json }, body: "{}" },
    {
      name: "intake with a wrong key",
      method: "POST",
      path: submitPath,
      headers: { authorization: "Bearer lr_src_wrong", ...json },
      body: "{}",
    },
    {
      name: "intake with a NUL in the key",
      method: "POST",
      path: submitPath,
      headers: { authorization: "Bearer lr_src_%00", ...json },
      body: "{}",
    },
  );
  return cases;
}

/** Raw HTTP framing: bytes on a socket (request smuggling shapes, oversize headers, broken chunks). */
export function framingCases(submitPath: string): Array<{ name: string; bytes: string | Buffer }> {
  const head = (extra: string) => `POST ${submitPath} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n${extra}`;
  return [
    { name: "garbage request line", bytes: "HELLO THERE\r\n\r\n" },
    { name: "request line with no version", bytes: `GET ${submitPath}\r\n\r\n` },
    { name: "unknown method", bytes: "BREW /health HTTP/1.1\r\nHost: x\r\n\r\n" },
    { name: "HTTP/2 preface on HTTP/1.1", bytes: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" },
    { name: "HTTP/9.9", bytes: "GET /health HTTP/9.9\r\nHost: x\r\n\r\n" },
    { name: "a NUL in the request line", bytes: "GET /hea\u0000lth HTTP/1.1\r\nHost: x\r\n\r\n" },
    { name: "a space in the path", bytes: "GET /he alth HTTP/1.1\r\nHost: x\r\n\r\n" },
    { name: "duplicate Content-Length (different)", bytes: head("Content-Length: 2\r\nContent-Length: 10\r\n\r\n{}") },
    { name: "duplicate Content-Length (same)", bytes: head("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}") },
    { name: "Content-Length and Transfer-Encoding", bytes: head("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") },
    { name: "negative Content-Length", bytes: head("Content-Length: -1\r\n\r\n{}") },
    { name: "non-numeric Content-Length", bytes: head("Content-Length: ten\r\n\r\n{}") },
    { name: "Transfer-Encoding: gzip, chunked", bytes: head("Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n") },
    { name: "Transfer-Encoding: identity", bytes: head("Transfer-Encoding: identity\r\n\r\n{}") },
    { name: "invalid chunk size", bytes: head("Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n") },
    { name: "chunk size overflow", bytes: head("Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n") },
    { name: "header too large (64 KB)", bytes: head(`X-Big: ${"a".repeat(64 * 1024)}\r\n\r\n`) },
    { name: "10,000 headers", bytes: head(`${Array.from({ length: 10_000 }, (_, i) => `X-H${i}: v`).join("\r\n")}\r\n\r\n`) },
    { name: "header without a colon", bytes: head("NoColonHere\r\nContent-Length: 2\r\n\r\n{}") },
    { name: "a CR without LF in a header", bytes: head("X-A: a\rb\r\nContent-Length: 2\r\n\r\n{}") },
    { name: "obsolete line folding", bytes: head("X-A: a\r\n b\r\nContent-Length: 2\r\n\r\n{}") },
    {
      name: "bare LF line endings",
      bytes: `POST ${submitPath} HTTP/1.1\nHost: x\nContent-Type: application/json\nContent-Length: 2\n\n{}`,
    },
    {
      name: "pipelined requests, second malformed",
      bytes: "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nContent-Length: x\r\n\r\n",
    },
    { name: "absolute-form URL", bytes: "GET http://evil.example/health HTTP/1.1\r\nHost: x\r\n\r\n" },
    { name: "Expect: 100-continue then nothing", bytes: head("Content-Length: 2\r\nExpect: 100-continue\r\n\r\n") },
    { name: "Expect: something-else", bytes: head("Content-Length: 2\r\nExpect: 999-whatever\r\n\r\n{}") },
  ];
}

/** Signed requests to /slack/events whose bodies are garbage. */
export function slackCases(): Array<{ name: string; contentType: string; body: string }> {
  const form = "application/x-www-form-urlencoded";
  const payload = (value: string) => new URLSearchParams({ payload: value }).toString();
  return [
    { name: "invalid JSON", contentType: "application/json", body: '{"type":' },
    { name: "empty JSON body", contentType: "application/json", body: "" },
    { name: "JSON array", contentType: "application/json", body: "[]" },
    { name: "JSON null", contentType: "application/json", body: "null" },
    { name: "unknown type", contentType: "application/json", body: JSON.stringify({ type: "no_such_type" }) },
    {
      name: "event_callback without an event",
      contentType: "application/json",
      body: JSON.stringify({ type: "event_callback", team_id: "T0001" }),
    },
    {
      name: "event_callback with an unknown event",
      contentType: "application/json",
      body: JSON.stringify({ type: "event_callback", team_id: "T0001", event: { type: "made_up", user: "U1" } }),
    },
    {
      name: "app_mention with a NUL",
      contentType: "application/json",
      body: JSON.stringify({
        type: "event_callback",
        team_id: "T0001",
        api_app_id: "A1",
        event: { type: "app_mention", user: "U1", text: "hi\u0000", channel: "C1", ts: "1.2" },
      }),
    },
    { name: "interactive payload not JSON", contentType: form, body: payload("{not json") },
    { name: "interactive payload empty", contentType: form, body: payload("") },
    { name: "interactive payload of unknown type", contentType: form, body: payload(JSON.stringify({ type: "no_such_type" })) },
    {
      name: "block_actions with no actions",
      contentType: form,
      body: payload(JSON.stringify({ type: "block_actions", team: { id: "T0001" }, user: { id: "U1" } })),
    },
    {
      name: "block_actions with a garbage action",
      contentType: form,
      body: payload(
        JSON.stringify({
          type: "block_actions",
          team: { id: "T0001" },
          user: { id: "U1" },
          actions: [{ action_id: "__proto__", value: "\ud800" }],
          trigger_id: "1",
        }),
      ),
    },
    {
      name: "view_submission with no view",
      contentType: form,
      body: payload(JSON.stringify({ type: "view_submission", team: { id: "T0001" }, user: { id: "U1" } })),
    },
    {
      name: "view_submission with a garbage view",
      contentType: form,
      body: payload(
        JSON.stringify({
          type: "view_submission",
          team: { id: "T0001" },
          user: { id: "U1" },
          view: { callback_id: "__proto__", state: { values: { a: null } }, private_metadata: "{bad" },
        }),
      ),
    },
    { name: "slash command with no fields", contentType: form, body: "command=" },
    {
      name: "slash command with a NUL",
      contentType: form,
      body: new URLSearchParams({
        command: "/leadrelay",
        text: "help\u0000",
        team_id: "T0001",
        user_id: "U1",
        channel_id: "C1",
        trigger_id: "1",
      }).toString(),
    },
    {
      name: "slash command __proto__",
      contentType: form,
      body: new URLSearchParams({
        command: "/leadrelay",
        text: "__proto__",
        team_id: "T0001",
        user_id: "U1",
        channel_id: "C1",
        trigger_id: "1",
      }).toString(),
    },
    { name: "form with no payload", contentType: form, body: "a=b" },
    { name: "unsupported content type", contentType: "text/plain", body: "hello" },
    {
      name: "huge payload (900 KB)",
      contentType: "application/json",
      body: JSON.stringify({ type: "event_callback", team_id: "T0001", event: { type: "message", text: "x".repeat(900_000) } }),
    },
  ];
}
