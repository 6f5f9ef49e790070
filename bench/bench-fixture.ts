import { runsNoDeliveries } from "../core/intake/delivery-dispatcher.ts";
import { nothingCachedYet } from "../core/intake/source-context-changes.ts";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebClient } from "@slack/web-api";
import { createAccount } from "../core/accounts/create-account.ts";
import { ACCOUNT_KEY_ACTOR } from "../core/accounts/actor.ts";
import { subscribeChannel } from "../core/alerts/subscribe-channel.ts";
import { createApiKey } from "../core/api-keys/create-api-key.ts";
import { generateEncryptionKey, SecretBox } from "../core/crypto/secret-box.ts";
import { createPrisma, type PrismaClient } from "../core/db/prisma.ts";
import { createDestination } from "../core/destinations/save-destination.ts";
import { createFlow } from "../core/flows/create-flow.ts";
import { newId } from "../core/ids.ts";
import { parseIpNetworkList } from "../core/outbound/ip-network.ts";
import { createOutboundGuard } from "../core/outbound/outbound-guard.ts";
import { createSource } from "../core/sources/create-source.ts";
import { createDatabaseIfMissing, migrateDatabase } from "../prisma/migrate.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "../test/fakes/slack.ts";

/** The destination listens on this machine: the outbound guard refuses loopback unless opened (the service gets the same setting). */
export const LOCAL_RECEIVER_NETWORKS = "127.0.0.0/8";
export const BENCH_TEAM = "T0001";
export const BENCH_CHANNEL = "CBENCHALERTS";
export const BENCH_THREAD_CHANNEL = "CBENCHTHREAD";

/** The buyer's endpoint: answers 200 at once and notes when each lead (by its `reference`, or its email for test leads) arrived. */
export class LocalReceiver {
  readonly arrivals = new Map<string, number>();
  received = 0;
  private server!: Server;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const arrived = performance.timeOrigin + performance.now();
        const body = JSON.parse(Buffer.concat(chunks).toString()) as { reference?: string; email?: string };
        this.received++;
        const key = body.reference ?? body.email;
        if (key) this.arrivals.set(key, arrived);
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/leads`;
    return this;
  }

  close(): void {
    this.server.closeAllConnections();
    this.server.close();
  }
}

export interface BenchFixture {
  databaseUrl: string;
  encryptionKey: string;
  prisma: PrismaClient;
  accountId: string;
  flowId: string;
  sourceId: string;
  postingKey: string;
  accountKey: string;
  destinationId: string;
  submitPath: string;
}

/** A fresh buyer (account, flow, seller source, webhook destination to the receiver, account API key) in the bench database. */
export async function createBenchFixture(databaseUrl: string, receiverUrl: string): Promise<BenchFixture> {
  const encryptionKey = generateEncryptionKey();
  await createDatabaseIfMissing(databaseUrl);
  await migrateDatabase(databaseUrl);
  const prisma = createPrisma(databaseUrl, 2);
  const account = await createAccount(prisma, { name: "Bench buyer", plan: "paid" });
  const flow = await createFlow(prisma, { accountId: account.id, name: "Bench", fields: [{ name: "email", required: true }] });
  const { source, postingKey } = await createSource(prisma, { flowId: flow.id, name: "Bench seller" });
  const guard = createOutboundGuard({ allowedNetworks: parseIpNetworkList(LOCAL_RECEIVER_NETWORKS), requireHttps: false });
  const hook = await createDestination(
    {
      prisma,
      secretBox: new SecretBox(encryptionKey),
      endpoints: { hubspotApiUrl: "", salesforceLoginUrl: "", outbound: guard },
      timeoutMs: 5_000,
      publicUrl: "http://127.0.0.1",
      sourceChanges: nothingCachedYet,
      dispatcher: runsNoDeliveries,
    },
    account.id,
    { integration: "webhook", name: "Bench hook", settings: { url: receiverUrl }, flow_id: flow.id },
    { verify: false },
  );
  if (!hook.ok) throw new Error("bench destination invalid");
  const key = await createApiKey(prisma, account.id, ACCOUNT_KEY_ACTOR, "bench");
  return {
    databaseUrl,
    encryptionKey,
    prisma,
    accountId: account.id,
    flowId: flow.id,
    sourceId: source.id,
    postingKey,
    accountKey: key.key,
    destinationId: hook.destination.id,
    submitPath: `/flows/${flow.id}/sources/${source.id}/submit`,
  };
}

/**
 * A Slack audience for the soak: a fake Slack Web API, an onboarding thread (test-lead results
 * are posted there) and a channel subscribed to every alert of the account (each delivered lead
 * makes a notify job, collapsed into bursts). Returns the service's Slack settings.
 */
export async function addSlackAudience(
  fixture: BenchFixture,
): Promise<{ slack: FakeSlack; threadTs: string; env: Record<string, string> }> {
  const slack = await startFakeSlack({ channels: [BENCH_CHANNEL, BENCH_THREAD_CHANNEL].map((id) => ({ id, name: id.toLowerCase() })) });
  const apiUrl = `${slack.url}/api/`;
  const root = await new WebClient(SLACK_DEFAULT_TOKEN, { slackApiUrl: apiUrl }).chat.postMessage({
    channel: BENCH_THREAD_CHANNEL,
    text: "Bench onboarding",
  });
  const threadTs = String(root.ts);
  await fixture.prisma.slackThread.create({
    data: {
      id: newId(),
      accountId: fixture.accountId,
      destinationId: fixture.destinationId,
      teamId: BENCH_TEAM,
      channelId: BENCH_THREAD_CHANNEL,
      threadTs,
    },
  });
  await subscribeChannel(
    fixture.prisma,
    { accountId: fixture.accountId, teamId: BENCH_TEAM, channelId: BENCH_CHANNEL, level: "all" },
    { changed: async () => {} },
  );
  return { slack, threadTs, env: { SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN, SLACK_API_URL: apiUrl } };
}

/**
 * Marks every delivery still open in the bench database as failed. Leads a run leaves undelivered
 * (intake-only runs, an interrupted run) point at a receiver that is gone: the next run's sweeper
 * would re-enqueue them, retrying against a closed port and skewing every figure.
 */
export async function failLeftoverDeliveries(prisma: PrismaClient): Promise<number> {
  return prisma.$executeRaw`UPDATE deliveries SET status = 'failed', last_reason = 'Bench: left over from an earlier run', completed_at = now(), updated_at = now() WHERE status NOT IN ('delivered', 'failed')`;
}
