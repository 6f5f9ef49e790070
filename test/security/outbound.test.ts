import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { sealLegacyWebhookHeaders } from "../../core/destinations/seal-legacy-webhook-headers.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SALESFORCE_DEFAULT_CLIENT, startFakeSalesforce, type FakeSalesforce } from "../fakes/salesforce.ts";
import { freePort } from "../support/child-process.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { postLead, leadSettled } from "../support/leads.ts";
import { ApiClient, type ApiAnswer } from "../support/api-client.ts";

/**
 * The server-side request forgery attacks of the security review, replayed over real sockets
 * against running services. `guarded` runs as production would (OUTBOUND_ALLOWED_NETWORKS
 * empty); `opened` has loopback opened on purpose, proving the knob. The "internal service" is
 * a real listener on 127.0.0.1 and ::1 that counts every TCP connection it gets: the guard must
 * refuse before connecting, so it must count none. Non-loopback addresses (10.x, 169.254.x, …)
 * are refused before any connect too; nothing here ever sends traffic to them.
 */
const NOT_ALLOWED = "Destination address not allowed";

let guarded: RunningService;
let opened: RunningService;
let internal: InternalService;
let receiver: WebhookReceiver;
let salesforce: FakeSalesforce;
let closedPort: number;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

/** An internal HTTP service holding secrets, on loopback (IPv4 and, when available, IPv6). */
class InternalService {
  connections = 0;
  requests: string[] = [];
  readonly servers: Server[] = [];
  port = 0;

  async start(): Promise<this> {
    const v4 = this.server();
    await new Promise<void>((resolve) => v4.listen(0, "127.0.0.1", resolve));
    this.port = (v4.address() as AddressInfo).port;
    const v6 = this.server();
    await new Promise<void>((resolve) => {
      v6.once("error", () => resolve()); // no IPv6 loopback on this machine: [::1] cannot connect anywhere anyway
      v6.listen(this.port, "::1", resolve);
    });
    return this;
  }

  private server(): Server {
    const server = createServer((req, res) => {
      this.requests.push(`${req.method} ${req.url}`);
      res.writeHead(200, { "content-type": "application/json" }).end('{"admin_secret":"internal-only-s3cr3t"}');
    });
    server.on("connection", () => (this.connections += 1));
    this.servers.push(server);
    return server;
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.filter((s) => s.listening).map((s) => new Promise((resolve) => s.close(resolve))));
  }
}

beforeAll(async () => {
  internal = await new InternalService().start();
  receiver = await startWebhookReceiver();
  salesforce = await startFakeSalesforce();
  closedPort = await freePort();
  guarded = await startService(
    testConfig({ OUTBOUND_ALLOWED_NETWORKS: "", SALESFORCE_LOGIN_URL: salesforce.url, DELIVERY_RETRY_SCHEDULE: "0.2,0.2,0.2" }),
    createLogger("silent"),
  );
  opened = await startService(
    testConfig({ OUTBOUND_ALLOWED_NETWORKS: "127.0.0.0/8", DELIVERY_RETRY_SCHEDULE: "0.2,0.2,0.2" }),
    createLogger("silent"),
  );
});

afterAll(async () => {
  await guarded?.close();
  await opened?.close();
  await internal?.close();
  await receiver?.close();
  await salesforce?.close();
});

function api(service: RunningService, key: string, method: string, path: string, body?: unknown) {
  return new ApiClient(service.url, key).request<ApiAnswer>(method, path, body);
}

function webhook(url: string, headers: Record<string, string> = {}) {
  return { integration: "webhook", name: "Hook", settings: { url, headers } };
}

async function submit(service: RunningService, buyer: SeededBuyer, email: string): Promise<string> {
  return postLead(service.url, buyer, { first_name: "Mallory", email });
}

async function settled(service: RunningService, leadId: string) {
  return leadSettled(service.prisma, leadId);
}

describe("outbound requests to tenant-chosen hosts (SSRF)", () => {
  const hostile = () => [
    `http://127.0.0.1:${internal.port}/admin/secrets`,
    `http://localhost:${internal.port}/admin/secrets`,
    `http://[::1]:${internal.port}/admin/secrets`,
    `http://0.0.0.0:${internal.port}/admin/secrets`,
    `http://2130706433:${internal.port}/admin/secrets`,
    `http://127.1:${internal.port}/admin/secrets`,
    `http://0x7f.1:${internal.port}/admin/secrets`,
    `http://[::ffff:127.0.0.1]:${internal.port}/admin/secrets`,
    `http://[::ffff:7f00:1]:${internal.port}/admin/secrets`,
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://192.168.0.1/",
    "http://100.64.0.1/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
  ];

  it("refuses every loopback, private, link-local, CGNAT, ULA and mapped address when a webhook is created, without connecting", async () => {
    const buyer = await seedBuyer(guarded.prisma, secretBox);
    for (const url of hostile()) {
      const res = await api(guarded, buyer.accountKey, "POST", "/destinations", webhook(url));
      expect(res.status, url).toBe(422);
      expect(res.body.error?.code, url).toBe("verification_failed");
      expect(res.body.error?.details?.problems, url).toEqual([{ field: "settings.url", message: NOT_ALLOWED }]);
    }
    expect(await guarded.prisma.destination.count({ where: { accountId: buyer.accountId } })).toBe(0);
    expect(internal.connections).toBe(0);
    expect(internal.requests).toEqual([]);
  });

  it("refuses the same addresses when a webhook is edited", async () => {
    const buyer = await seedBuyer(guarded.prisma, secretBox, { destination: webhook("https://hooks.example.com/leads") });
    for (const url of hostile()) {
      const res = await api(guarded, buyer.accountKey, "PATCH", `/destinations/${buyer.destinationId}`, { settings: { url } });
      expect(res.status, url).toBe(422);
      expect(res.body.error?.details?.problems, url).toEqual([{ field: "settings.url", message: NOT_ALLOWED }]);
    }
    const row = await guarded.prisma.destination.findUniqueOrThrow({ where: { id: buyer.destinationId! } });
    expect(row.settings).toMatchObject({ url: "https://hooks.example.com/leads" });
    expect(internal.connections).toBe(0);
  });

  it("answers the same for a closed port as for an open one (no port scanner)", async () => {
    const buyer = await seedBuyer(guarded.prisma, secretBox);
    for (const host of ["127.0.0.1", "localhost"]) {
      const open = await api(guarded, buyer.accountKey, "POST", "/destinations", webhook(`http://${host}:${internal.port}/`));
      const closed = await api(guarded, buyer.accountKey, "POST", "/destinations", webhook(`http://${host}:${closedPort}/`));
      expect(closed.status).toBe(open.status);
      expect(closed.body).toEqual(open.body);
      expect(closed.body.error?.details?.problems).toEqual([{ field: "settings.url", message: NOT_ALLOWED }]);
    }
    expect(internal.connections).toBe(0);
  });

  it("checks the address a name resolves to when it connects: a test lead and a real lead to a host that now resolves to loopback are refused, for good, without a connection", async () => {
    // Saved while it pointed elsewhere (or before DNS changed): the row now names a host that resolves to 127.0.0.1 / ::1.
    const buyer = await seedBuyer(guarded.prisma, secretBox);
    const destinationId = await addWebhookDestination(
      guarded.prisma,
      buyer.accountId,
      buyer.flowId,
      `http://localhost:${internal.port}/admin/secrets`,
    );

    const test = await api(guarded, buyer.accountKey, "POST", `/destinations/${destinationId}/test`, {
      fields: { email: "probe@example.com" },
    });
    expect(test.status).toBe(200);
    expect(test.body.event).toMatchObject({ outcome: "failure", reason: NOT_ALLOWED });

    const leadId = await submit(guarded, buyer, "live@example.com");
    const lead = await settled(guarded, leadId);
    expect(lead.status).toBe("failed");
    expect(lead.deliveries[0]).toMatchObject({ status: "failed", attempts: 1 });
    const shown = await api(guarded, buyer.accountKey, "GET", `/leads/${leadId}`);
    const recipient = (shown.body.events as { type: string; reason: string; snapshot: { response?: unknown } }[]).find(
      (e) => e.type === "recipient",
    )!;
    expect(recipient.reason).toBe(NOT_ALLOWED);
    expect(recipient.snapshot.response).toBeUndefined();
    expect(JSON.stringify(shown.body)).not.toContain("internal-only-s3cr3t");
    expect(internal.connections).toBe(0);
  });

  it("refuses Host, hop-by-hop and framing headers and line breaks in header values at save, naming the header", async () => {
    const buyer = await seedBuyer(guarded.prisma, secretBox);
    const cases: [Record<string, string>, string][] = [
      [{ Host: "internal.admin" }, "settings.headers.Host"],
      [{ "Transfer-Encoding": "chunked" }, "settings.headers.Transfer-Encoding"],
      [{ "Content-Length": "5" }, "settings.headers.Content-Length"],
      [{ Connection: "close" }, "settings.headers.Connection"],
      [{ Expect: "100-continue" }, "settings.headers.Expect"],
      [{ Upgrade: "websocket" }, "settings.headers.Upgrade"],
      [{ "Keep-Alive": "timeout=5" }, "settings.headers.Keep-Alive"],
      [{ TE: "trailers" }, "settings.headers.TE"],
      [{ Trailer: "X-A" }, "settings.headers.Trailer"],
      [{ "Proxy-Authorization": "Basic eDp5" }, "settings.headers.Proxy-Authorization"],
      [{ "X-Api-Key": "k\r\nX-Injected: 1" }, "settings.headers.X-Api-Key"],
      [{ "X-Api-Key": "k\u0007" }, "settings.headers.X-Api-Key"],
    ];
    for (const [headers, field] of cases) {
      const res = await api(guarded, buyer.accountKey, "POST", "/destinations", webhook("https://hooks.example.com/leads", headers));
      expect(res.status, field).toBe(422);
      expect(
        res.body.error?.details?.problems?.map((p) => p.field),
        field,
      ).toContain(field);
      expect(JSON.stringify(res.body.error?.details?.problems), field).toContain(Object.keys(headers)[0]);
    }
    // NUL may be refused earlier, by the API's input validation (400), or here (422): never stored either way.
    const nul = await api(
      guarded,
      buyer.accountKey,
      "POST",
      "/destinations",
      webhook("https://hooks.example.com/leads", { "X-Api-Key": "k\u0000" }),
    );
    expect([400, 422]).toContain(nul.status);
    expect(JSON.stringify(nul.body)).toContain("X-Api-Key");
    const credentialsInUrl = await api(
      guarded,
      buyer.accountKey,
      "POST",
      "/destinations",
      webhook("https://user:pass@hooks.example.com/leads"),
    );
    expect(credentialsInUrl.status).toBe(422);
    expect(credentialsInUrl.body.error?.details?.problems?.[0]?.field).toBe("settings.url");
    expect(JSON.stringify(credentialsInUrl.body)).not.toContain("pass@");
    const ftp = await api(guarded, buyer.accountKey, "POST", "/destinations", webhook("ftp://hooks.example.com/leads"));
    expect(ftp.status).toBe(422);
    expect(await guarded.prisma.destination.count({ where: { accountId: buyer.accountId } })).toBe(0);
  });

  it("never sends a Salesforce client secret to a tenant-set login URL on loopback, by address or by name", async () => {
    const buyer = await seedBuyer(guarded.prisma, secretBox);
    for (const loginUrl of [salesforce.url, salesforce.url.replace("127.0.0.1", "localhost")]) {
      const res = await api(guarded, buyer.accountKey, "POST", "/destinations", {
        integration: "salesforce",
        name: "SF",
        auth_method: "client-credentials",
        action: "create-lead",
        credentials: { ...SALESFORCE_DEFAULT_CLIENT, loginUrl },
      });
      expect(res.status, loginUrl).toBe(422);
      expect(res.body.error?.details?.problems, loginUrl).toEqual([{ field: "loginUrl", message: NOT_ALLOWED }]);
    }
    expect(salesforce.requestsTo("*")).toEqual([]);
  });

  it("refuses an instance_url on loopback that a token response names: no API call goes there", async () => {
    // SALESFORCE_LOGIN_URL is the operator's (trusted); its token answer names instance_url http://127.0.0.1:<port>.
    const buyer = await seedBuyer(guarded.prisma, secretBox);
    const tokens = salesforce.issueTokens();
    const res = await api(guarded, buyer.accountKey, "POST", "/destinations", {
      integration: "salesforce",
      name: "SF",
      auth_method: "oauth",
      action: "create-lead",
      credentials: { ...SALESFORCE_DEFAULT_CLIENT, refreshToken: tokens.refreshToken, instanceUrl: "https://acme.my.salesforce.com" },
    });
    expect(res.status).toBe(422);
    expect(res.body.error?.details?.problems).toEqual([{ field: "instanceUrl", message: NOT_ALLOWED }]);
    expect(salesforce.requestsTo("POST /services/oauth2/token")).toHaveLength(1);
    expect(salesforce.requestsTo("/services/data/*")).toEqual([]);
  });

  it("refuses, at connect, a stored instance URL whose name resolves to loopback: the lead fails for good and no API call is made", async () => {
    const buyer = await seedBuyer(guarded.prisma, secretBox, {
      destination: {
        integration: "salesforce",
        name: "SF",
        auth_method: "client-credentials",
        action: "create-lead",
        credentials: {
          clientId: SALESFORCE_DEFAULT_CLIENT.clientId,
          clientSecret: SALESFORCE_DEFAULT_CLIENT.clientSecret,
          accessToken: salesforce.issueTokens().accessToken,
          instanceUrl: salesforce.url.replace("127.0.0.1", "localhost"),
        },
      },
    });
    const before = salesforce.requests.length;
    const lead = await settled(guarded, await submit(guarded, buyer, "sf-instance@example.com"));
    expect(lead.status).toBe("failed");
    expect(lead.deliveries[0]).toMatchObject({ status: "failed", attempts: 1 });
    expect(lead.events.find((e) => e.type === "recipient")?.reason).toBe(NOT_ALLOWED);
    expect(salesforce.requests.slice(before)).toEqual([]);
  });

  it("with OUTBOUND_ALLOWED_NETWORKS=127.0.0.0/8 the same loopback receiver is reached (the operator's knob)", async () => {
    const buyer = await seedBuyer(opened.prisma, secretBox);
    const res = await api(opened, buyer.accountKey, "POST", "/destinations", webhook(`${receiver.url}/opened`));
    expect(res.status).toBe(201);
    const leadId = await submit(opened, buyer, "opened@example.com");
    expect((await settled(opened, leadId)).status).toBe("delivered");
    expect(receiver.requestsTo("POST /opened")).toHaveLength(1);
  });

  it("does not follow a redirect from an allowed host to an internal one", async () => {
    const buyer = await seedBuyer(opened.prisma, secretBox);
    const res = await api(opened, buyer.accountKey, "POST", "/destinations", webhook(`${receiver.url}/redirects`));
    expect(res.status).toBe(201);
    receiver.failNext("POST /redirects", { status: 302, headers: { location: `http://127.0.0.1:${internal.port}/admin/secrets` } });
    const leadId = await submit(opened, buyer, "redirect@example.com");
    const lead = await settled(opened, leadId);
    expect(lead.status).toBe("failed");
    expect(lead.events.find((e) => e.type === "recipient")?.reason).toBe("Rejected (HTTP 302)");
    expect(internal.connections).toBe(0);
  });
});

describe("webhook header values are credentials", () => {
  const KEY = "sk_live_0123456789abcdefWXYZ";

  it("are sealed at rest, masked on read, sent as given, and kept when an edit sends the mask back", async () => {
    const buyer = await seedBuyer(opened.prisma, secretBox);
    const created = await api(opened, buyer.accountKey, "POST", "/destinations", webhook(`${receiver.url}/sealed`, { "X-Api-Key": KEY }));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body.settings).toMatchObject({ headers: { "X-Api-Key": "••••WXYZ" } });

    const listed = await api(opened, buyer.accountKey, "GET", "/destinations");
    expect(JSON.stringify(listed.body)).toContain("••••WXYZ");
    expect(JSON.stringify(listed.body)).not.toContain(KEY);
    expect(JSON.stringify((await api(opened, buyer.accountKey, "GET", `/destinations/${id}`)).body)).not.toContain(KEY);

    // Straight from the database: neither the settings nor the (sealed) credentials hold it in clear.
    const row = await opened.prisma.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM destinations WHERE id = $1::uuid", id);
    expect(JSON.stringify(row)).not.toContain(KEY);
    expect(JSON.stringify(row)).not.toContain("0123456789abcdef");

    await settled(opened, await submit(opened, buyer, "sealed1@example.com"));
    expect(receiver.requestsTo("POST /sealed").at(-1)!.headers["x-api-key"]).toBe(KEY);

    // The Slack modal and API clients send back what they were shown: the mask keeps the value.
    const renamed = await api(opened, buyer.accountKey, "PATCH", `/destinations/${id}`, {
      name: "Renamed",
      settings: { url: `${receiver.url}/sealed`, headers: { "X-Api-Key": "••••WXYZ", "X-Other": "plain-but-sealed-too" } },
    });
    expect(renamed.status).toBe(200);
    expect(JSON.stringify(renamed.body)).not.toContain("plain-but-sealed-too");
    await settled(opened, await submit(opened, buyer, "sealed2@example.com"));
    const hit = receiver.requestsTo("POST /sealed").at(-1)!;
    expect(hit.headers["x-api-key"]).toBe(KEY);
    expect(hit.headers["x-other"]).toBe("plain-but-sealed-too");

    // A mask that stands for nothing is refused, naming the header.
    const unknownMask = await api(opened, buyer.accountKey, "PATCH", `/destinations/${id}`, {
      settings: { url: `${receiver.url}/sealed`, headers: { "X-New": "••••1234" } },
    });
    expect(unknownMask.status).toBe(422);
    expect(unknownMask.body.error?.details?.problems?.[0]?.field).toBe("settings.headers.X-New");

    // The delivery event keeps header names only.
    const lead = await opened.prisma.event.findFirst({ where: { destinationId: id, type: "recipient" }, orderBy: { id: "desc" } });
    expect(JSON.stringify(lead?.snapshot)).not.toContain(KEY);
  });

  it("rows saved before sealing: shown masked, still delivered, sealed at the next save", async () => {
    const buyer = await seedBuyer(opened.prisma, secretBox);
    const id = await addWebhookDestination(opened.prisma, buyer.accountId, buyer.flowId, `${receiver.url}/legacy`);
    await opened.prisma.destination.update({
      where: { id },
      data: { authMethod: "signing-secret", settings: { url: `${receiver.url}/legacy`, headers: { "X-Api-Key": KEY } } },
    });

    const shown = await api(opened, buyer.accountKey, "GET", `/destinations/${id}`);
    expect(shown.body.settings).toMatchObject({ headers: { "X-Api-Key": "••••WXYZ" } });
    await settled(opened, await submit(opened, buyer, "legacy@example.com"));
    expect(receiver.requestsTo("POST /legacy").at(-1)!.headers["x-api-key"]).toBe(KEY);

    const resaved = await api(opened, buyer.accountKey, "PATCH", `/destinations/${id}`, { name: "Resaved" });
    expect(resaved.status, JSON.stringify(resaved.body)).toBe(200);
    const row = await opened.prisma.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM destinations WHERE id = $1::uuid", id);
    expect(JSON.stringify(row)).not.toContain(KEY);
    await settled(opened, await submit(opened, buyer, "legacy2@example.com"));
    expect(receiver.requestsTo("POST /legacy").at(-1)!.headers["x-api-key"]).toBe(KEY);
  });

  it("rows saved before sealing are sealed by the start-up data migration, and still delivered", async () => {
    const buyer = await seedBuyer(opened.prisma, secretBox);
    const id = await addWebhookDestination(opened.prisma, buyer.accountId, buyer.flowId, `${receiver.url}/backfill`);
    await opened.prisma.destination.update({
      where: { id },
      data: { settings: { url: `${receiver.url}/backfill`, headers: { "X-Api-Key": KEY, "X-Short": "abc" } } },
    });

    await sealLegacyWebhookHeaders(opened.prisma, secretBox); // what every start-up runs (another suite's start may have run it first)
    const row = await opened.prisma.$queryRawUnsafe<Record<string, unknown>[]>("SELECT * FROM destinations WHERE id = $1::uuid", id);
    expect(JSON.stringify(row)).not.toContain(KEY);
    expect(row[0]!.settings).toMatchObject({ headers: { "X-Api-Key": "••••WXYZ", "X-Short": "••••" } });
    expect(await sealLegacyWebhookHeaders(opened.prisma, secretBox)).toBe(0); // idempotent

    await settled(opened, await submit(opened, buyer, "backfill@example.com"));
    const hit = receiver.requestsTo("POST /backfill").at(-1)!;
    expect(hit.headers["x-api-key"]).toBe(KEY);
    expect(hit.headers["x-short"]).toBe("abc");
  });
});
