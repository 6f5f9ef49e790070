import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import type { RunningService } from "../../server/service.ts";
import { deleteAccounts } from "../support/delete-accounts.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";
import { DOCUMENTED_PUBLIC_URL, operationsOf, servedDocument, startDocumentedService, type OpenApiDocument } from "./served-openapi.ts";

/**
 * Routes the app serves that are not API operations, each with the reason. Anything else the app
 * registers must be in /openapi.json: a new route fails here until it is documented (or listed).
 */
const NOT_API_OPERATIONS: Record<string, string> = {
  "GET /openapi.json": "the document itself",
  "GET /docs": "the reference page that renders the document",
  "GET /docs/": "a redirect to the reference page",
  "GET /docs/assets/{file}": "the reference page's script",
  "GET /invitations/{token}":
    "the invitation link a person opens (an HTML page; acceptInvitation describes its JSON form); as an OpenAPI path it would be the same template as /invitations/{id}",
  "GET /invitations/{token}/add-to-slack": "the landing page's Add to Slack button: a browser redirect into Slack's OAuth install",
  "POST /invitations/{token}/send-to-slack": "the landing page's Send it to me in Slack form (redirects back to the page)",
  "GET /members/confirm/{token}": "the emailed Join / Decline page a person opens",
  "POST /members/confirm/{token}": "the Join / Decline page's form",
  "GET /oauth/salesforce/start":
    "a browser redirect to Salesforce's login (POST /destinations/{id}/salesforce/authorize hands out the link)",
  "GET /oauth/salesforce/callback": "Salesforce's OAuth redirect back to us, in the browser",
  "POST /slack/events": "Slack's own signed requests (events, commands, interactivity)",
  "GET /slack/install": "Slack's Add to Slack page, in a browser",
  "GET /slack/oauth_redirect": "Slack's OAuth redirect back to us, in a browser",
};

let service: RunningService;
let doc: OpenApiDocument;
let buyer: SeededBuyer;

beforeAll(async () => {
  service = await startDocumentedService();
  doc = await servedDocument(service);
  buyer = await seedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY));
});

afterAll(async () => {
  await deleteAccounts(service?.prisma, [buyer?.accountId]);
  await service?.close();
});

/** Hono's `/flows/:flowId/x/:token{regex}` as OpenAPI's `/flows/{flowId}/x/{token}`. */
function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z0-9_]+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g, "{$1}");
}

describe("/openapi.json", () => {
  it("documents every route the app serves, and only those (the listed pages aside)", () => {
    // Method ALL entries are middleware (auth, limits, body limits), not routes.
    const served = new Set(
      service.app.routes.filter((route) => route.method !== "ALL").map((route) => `${route.method} ${openApiPath(route.path)}`),
    );
    const documented = new Set(operationsOf(doc).map((op) => op.key));
    const undocumented = [...served].filter((route) => !documented.has(route) && !(route in NOT_API_OPERATIONS));
    expect(
      undocumented,
      "routes missing from /openapi.json: describe them (createRoute) or list them in NOT_API_OPERATIONS with the reason",
    ).toEqual([]);
    expect(
      [...documented].filter((op) => !served.has(op)),
      "documented operations the app does not serve",
    ).toEqual([]);
    expect(
      Object.keys(NOT_API_OPERATIONS).filter((route) => !served.has(route)),
      "NOT_API_OPERATIONS names routes that no longer exist",
    ).toEqual([]);
    // The product's main endpoint and the health check, which it used to miss.
    expect([...documented]).toEqual(
      expect.arrayContaining([
        "POST /flows/{flowId}/sources/{sourceId}/submit",
        "GET /flows/{flowId}/sources/{sourceId}/submit",
        "GET /health",
      ]),
    );
  });

  it("names the service's PUBLIC_URL as its server", () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: DOCUMENTED_PUBLIC_URL })]);
  });

  it("gives every operation a unique operationId", () => {
    const ids = operationsOf(doc).map((op) => op.operation.operationId);
    expect(
      operationsOf(doc)
        .filter((op) => !op.operation.operationId)
        .map((op) => op.key),
      "operations without operationId (add one to createRoute)",
    ).toEqual([]);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      "operationIds used twice",
    ).toEqual([]);
  });

  it("says every operation's security, [] on the public ones, with every scheme declared", () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    const publicOps: string[] = [];
    for (const { key, operation } of operationsOf(doc)) {
      expect(operation.security, `${key} has no security`).toBeDefined();
      if (!operation.security!.length) publicOps.push(key);
      for (const requirement of operation.security!)
        for (const scheme of Object.keys(requirement)) expect(schemes, `${key} uses ${scheme}`).toContain(scheme);
    }
    expect(publicOps.sort()).toEqual(["GET /flows/{flowId}/sources/{sourceId}/docs", "GET /health", "GET /integrations"]);
  });

  it("documents a client error (4xx) on every operation that takes a key, a parameter or a body", () => {
    const missing = operationsOf(doc)
      .filter(({ operation }) => operation.security!.length || operation.parameters?.length || operation.requestBody)
      .filter(({ operation }) => !Object.keys(operation.responses).some((status) => status.startsWith("4")))
      .map((op) => op.key);
    expect(missing).toEqual([]);
  });
});

describe("the intake in /openapi.json", () => {
  const submit = () => doc.paths["/flows/{flowId}/sources/{sourceId}/submit"]!;

  it("takes JSON, form (urlencoded and multipart) and XML bodies of lead fields", () => {
    const body = submit().post!.requestBody!;
    expect(body.required).toBe(true);
    expect(Object.keys(body.content).sort()).toEqual([
      "application/json",
      "application/x-www-form-urlencoded",
      "application/xml",
      "multipart/form-data",
      "text/xml",
    ]);
    expect(body.content["application/json"]!.example).toMatchObject({ email: "ada@example.com" });
    const fields = doc.components.schemas.LeadFields as { properties: Record<string, unknown>; additionalProperties: unknown };
    expect(Object.keys(fields.properties)).toEqual(
      expect.arrayContaining(["first_name", "email", "phone_1", "trustedform_cert_url", "is_test"]),
    );
    expect(fields.additionalProperties).toBeTruthy();
    expect(doc.components.schemas.LeadFieldsXml).toMatchObject({ xml: { name: "lead" } });
  });

  it("takes the posting key as a bearer token, an X-API-Key header or an apisecret field", () => {
    for (const operation of [submit().post!, submit().get!]) {
      expect(operation.security).toEqual([{ postingKey: [] }, { postingKeyHeader: [] }, { postingKeyField: [] }]);
    }
    expect(doc.components.securitySchemes).toMatchObject({
      postingKey: { type: "http", scheme: "bearer" },
      postingKeyHeader: { type: "apiKey", in: "header", name: "X-API-Key" },
      postingKeyField: { type: "apiKey", in: "query", name: "apisecret" },
    });
  });

  it("takes ?wait on both methods, and the lead's fields in the query on GET", () => {
    for (const operation of [submit().post!, submit().get!]) {
      expect(operation.parameters).toContainEqual(
        expect.objectContaining({ name: "wait", in: "query", schema: expect.objectContaining({ type: "integer", minimum: 0 }) }),
      );
    }
    expect(submit().get!.parameters).toContainEqual(expect.objectContaining({ name: "fields", in: "query", style: "form", explode: true }));
  });

  it("documents every status the intake answers, each with a schema and an example", () => {
    const post = submit().post!.responses;
    expect(Object.keys(post).sort()).toEqual(["201", "400", "401", "404", "413", "415", "422", "429", "503"]);
    expect(Object.keys(submit().get!.responses).sort()).toEqual(["201", "400", "401", "404", "422", "429", "503"]);
    for (const [status, response] of Object.entries(post)) {
      expect(Object.keys(response.content!), status).toEqual(["application/json", "application/xml"]);
      const json = response.content!["application/json"]!;
      expect(json.schema, status).toEqual({ $ref: "#/components/schemas/LeadResponse" });
      const examples = Object.values(json.examples ?? {});
      expect(examples.length, `${status} has no example`).toBeGreaterThan(0);
      for (const example of examples)
        expect(example.value, status).toMatchObject({
          outcome: status === "201" ? expect.stringMatching(/^(success|failure)$/) : "error",
          price: 0,
        });
    }
    expect(post["429"]!.headers).toHaveProperty("Retry-After");
    expect(doc.components.schemas.LeadResponse).toMatchObject({ xml: { name: "result" } });
  });

  it("documents /health's two answers", () => {
    expect(Object.keys(doc.paths["/health"]!.get!.responses).sort()).toEqual(["200", "503"]);
  });
});

describe("the intake behaves as /openapi.json documents it", () => {
  const post = () => doc.paths["/flows/{flowId}/sources/{sourceId}/submit"]!.post!;
  type Example = { value: { reason?: string } };
  const documentedReason = (status: string, name: string) =>
    (post().responses[status]!.content!["application/json"]!.examples![name] as Example).value.reason;

  /** The documented example lead, written in each documented body type. */
  function bodyOf(contentType: string, fields: Record<string, string>): string | FormData {
    switch (contentType) {
      case "application/json":
        return JSON.stringify(fields);
      case "application/x-www-form-urlencoded":
        return new URLSearchParams(fields).toString();
      case "multipart/form-data": {
        const form = new FormData();
        for (const [name, value] of Object.entries(fields)) form.append(name, value);
        return form;
      }
      case "application/xml":
      case "text/xml":
        return `<?xml version="1.0" encoding="UTF-8"?><lead>${Object.entries(fields)
          .map(([name, value]) => `<${name}>${value}</${name}>`)
          .join("")}</lead>`;
      default:
        throw new Error(`no writer for ${contentType}`);
    }
  }

  it("accepts the documented example lead in every documented body type, with each documented way to send the key", async () => {
    const example = post().requestBody!.content["application/json"]!.example as Record<string, string>;
    const keyForms: { headers: Record<string, string>; query: string }[] = [
      { headers: { authorization: `Bearer ${buyer.postingKey}` }, query: "" },
      { headers: { "x-api-key": buyer.postingKey }, query: "" },
      { headers: {}, query: `apisecret=${encodeURIComponent(buyer.postingKey)}` },
    ];
    for (const contentType of Object.keys(post().requestBody!.content)) {
      for (const form of keyForms) {
        const body = bodyOf(contentType, example);
        const headers: Record<string, string> = { ...form.headers, ...(body instanceof FormData ? {} : { "content-type": contentType }) };
        const res = await fetch(`${service.url}${buyer.submitPath}?${form.query}`, { method: "POST", headers, body });
        const answer = (await res.json()) as { outcome: string; lead?: { id: string } };
        expect({ contentType, key: Object.keys(form.headers)[0] ?? "apisecret", status: res.status, outcome: answer.outcome }).toEqual({
          contentType,
          key: Object.keys(form.headers)[0] ?? "apisecret",
          status: 201,
          outcome: "success",
        });
      }
    }
  });

  it("answers XML with the documented <result> root when asked", async () => {
    const res = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${buyer.postingKey}`, "content-type": "application/json", accept: "application/xml" },
      body: JSON.stringify({ email: "xml@example.com", is_test: "true" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toContain("application/xml");
    expect(await res.text()).toMatch(/^<\?xml[^>]*\?><result><outcome>success<\/outcome>/);
  });

  it("answers the documented reasons for a wrong key, an unknown source and an unsupported body", async () => {
    const wrongKey = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { authorization: "Bearer wrong", "content-type": "application/json" },
      body: "{}",
    });
    expect([wrongKey.status, ((await wrongKey.json()) as { reason: string }).reason]).toEqual([401, documentedReason("401", "wrong")]);
    const noKey = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect([noKey.status, ((await noKey.json()) as { reason: string }).reason]).toEqual([401, documentedReason("401", "missing")]);
    const unknown = await fetch(`${service.url}/flows/${buyer.flowId}/sources/${crypto.randomUUID()}/submit`, {
      method: "POST",
      headers: { authorization: `Bearer ${buyer.postingKey}`, "content-type": "application/json" },
      body: "{}",
    });
    expect([unknown.status, ((await unknown.json()) as { reason: string }).reason]).toEqual([404, documentedReason("404", "unknown")]);
    const text = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${buyer.postingKey}`, "content-type": "text/plain" },
      body: "hello",
    });
    expect([text.status, ((await text.json()) as { reason: string }).reason]).toEqual([415, documentedReason("415", "unsupported")]);
    const malformed = await fetch(`${service.url}${buyer.submitPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${buyer.postingKey}`, "content-type": "application/json" },
      body: "{",
    });
    expect([malformed.status, ((await malformed.json()) as { reason: string }).reason]).toEqual([
      400,
      documentedReason("400", "malformed"),
    ]);
  });
});
