import { createAdaptorServer, type ServerType } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AddressInfo } from "node:net";
import { slackBotSettings, type Config, type SlackBotSettings } from "../core/config.ts";
import { SecretBox } from "../core/crypto/secret-box.ts";
import { createPrisma, type PrismaClient } from "../core/db/prisma.ts";
import { createSqlPool } from "../core/db/sql-pool.ts";
import { dependencyWatches } from "../core/dependency-watch.ts";
import { countLiveLeadsFrom } from "../core/caps/count-live-leads.ts";
import { SourceCaps } from "../core/caps/source-caps.ts";
import { DuplicateIndex } from "../core/intake/duplicate-check.ts";
import { sealLegacyWebhookHeaders } from "../core/destinations/seal-legacy-webhook-headers.ts";
import { LeadBatchWriter } from "../core/intake/lead-batch-writer.ts";
import { integrationEndpointsFromConfig } from "../core/integrations/integration-endpoints.ts";
import { SourceContextCache } from "../core/intake/source-context.ts";
import type { Logger } from "../core/logger.ts";
import { deliveryDepsFromConfig, startDeliveryRuntime, type DeliveryRuntime } from "../jobs/delivery-runtime.ts";
import { BullDeliveryDispatcher, closeDeliveryQueues, createDeliveryQueues } from "../jobs/delivery-queue.ts";
import { RedisAudienceVersions } from "../jobs/notify/alert-audience-cache.ts";
import { startNotifyRuntime } from "../jobs/notify-runtime.ts";
import { startReplayRuntime } from "../jobs/replay-runtime.ts";
import { createProducerRedis, queueErrorHandler, watchRedis } from "../jobs/redis-connection.ts";
import { prepareDatabase } from "../prisma/migrate.ts";
import { createSlackApp, type SlackBot } from "../bot/slack-app.ts";
import { createApp } from "./app.ts";
import { managementDepsFromConfig } from "./management-deps.ts";
import { RedisAuthorizationStates } from "./destinations/redis-authorization-states.ts";
import { RedisRateLimiter } from "./rate-limit/redis-rate-limiter.ts";
import { RedisCapStore } from "./submit/redis-cap-store.ts";
import { RedisSourceContextChanges, subscribeSourceContextChanges } from "./submit/source-context-channel.ts";
import { createRequestRedis, requestRedisReady } from "./request-redis.ts";
import type { RequestLimits } from "./rate-limit/request-limits.ts";

/** "Send it to me in Slack" DMs, and invitation codes emailed, per invitation per hour (and DMs per client address). */
const INVITATION_LINK_MESSAGES_PER_HOUR = 5;

export interface RunningService {
  /** Where requests go: the listening address, or IN_PROCESS_URL when started with `listen: false`. */
  url: string;
  /** Sends a request to this service: over its socket, or straight into the app when it does not listen. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The HTTP app, for suites that read its registered routes. */
  app: OpenAPIHono;
  prisma: PrismaClient;
  runtime: DeliveryRuntime | undefined;
  /** How the Slack bot runs (or why it is off). */
  slack: SlackBotSettings;
  /** Settles once Socket Mode is connected (Slack said hello) or gave up; at once over HTTP or without a bot. */
  slackReady: Promise<void>;
  close(): Promise<void>;
}

/** The origin of a service started with `listen: false`: its `fetch` answers requests to it without a socket. */
export const IN_PROCESS_URL = "http://leadrelay.in-process";

export interface ServiceOptions {
  /**
   * false: open no socket; `fetch` hands requests to the app in this process (tests that need
   * no real connection). The remote address the app sees is then 127.0.0.1, as over loopback.
   */
  listen?: boolean;
}

/**
 * The composition root: migrates the database, wires Postgres, Redis/BullMQ and the HTTP app,
 * and (unless RUN_WORKERS=false) runs delivery workers in the same process. `close()` is the
 * graceful shutdown: stop accepting requests, flush enqueues, let active deliveries finish.
 */
export async function startService(config: Config, logger: Logger, options: ServiceOptions = {}): Promise<RunningService> {
  await prepareDatabase(config.DATABASE_URL, logger);

  const watches = dependencyWatches(logger);
  const prisma = createPrisma(config.DATABASE_URL, Math.max(2, Math.ceil(config.DATABASE_POOL_SIZE / 4)));
  const sql = createSqlPool(config.DATABASE_URL, config.DATABASE_POOL_SIZE, watches.database);
  const secretBox = new SecretBox(config.ENCRYPTION_KEY!);
  const sealedHeaders = await sealLegacyWebhookHeaders(prisma, secretBox);
  if (sealedHeaders) logger.info({ destinations: sealedHeaders }, "sealed webhook header values stored before sealing existed");
  const producerRedis = watchRedis(createProducerRedis(config.REDIS_URL), watches.redis);
  const queues = createDeliveryQueues(producerRedis, config.QUEUE_PREFIX);
  for (const queue of Object.values(queues)) queue.on("error", queueErrorHandler(watches.redis, logger, "delivery queue"));
  const dispatcher = new BullDeliveryDispatcher(queues, producerRedis, config.DELIVERY_RETRY_SCHEDULE, logger);

  // Rate limits and OAuth states live in Redis so every process (API replicas, a bot in Socket Mode) shares them.
  const requestRedis = createRequestRedis(config.REDIS_URL, logger);
  const limits: RequestLimits = {
    authFailures: new RedisRateLimiter(
      requestRedis,
      { name: "auth-failures", limit: config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE, windowMs: 60_000, prefix: config.QUEUE_PREFIX },
      logger,
    ),
    invitations: new RedisRateLimiter(
      requestRedis,
      { name: "invitations", limit: config.RATE_LIMIT_INVITATIONS_PER_HOUR, windowMs: 3_600_000, prefix: config.QUEUE_PREFIX },
      logger,
    ),
    invitationLinks: new RedisRateLimiter(
      requestRedis,
      { name: "invitation-links", limit: INVITATION_LINK_MESSAGES_PER_HOUR, windowMs: 3_600_000, prefix: config.QUEUE_PREFIX },
      logger,
    ),
    trustProxy: config.TRUST_PROXY,
  };

  // Intake's flow/source cache, dropped in every process when a flow, step, source or connection changes.
  const sources = new SourceContextCache(prisma, config.SOURCE_CACHE_TTL_MS);
  const sourceChanges = new RedisSourceContextChanges(requestRedis, config.QUEUE_PREFIX, sources, logger);
  const sourceSubscription = subscribeSourceContextChanges(config.REDIS_URL, config.QUEUE_PREFIX, sources, logger);

  const management = {
    ...managementDepsFromConfig(config, prisma, secretBox, logger, sourceChanges),
    invitationLimiter: limits.invitations,
  };
  const destinations = {
    prisma,
    secretBox,
    endpoints: integrationEndpointsFromConfig(config),
    timeoutMs: Math.min(config.DELIVERY_TIMEOUT_MS, 10_000),
    publicUrl: config.PUBLIC_URL,
    replay: { ratePerSecond: config.REPLAY_RATE_PER_SECOND, maxLeads: config.REPLAY_MAX_LEADS, queuePrefix: config.QUEUE_PREFIX },
    sourceChanges,
    dispatcher,
  };
  const leads = new LeadBatchWriter(sql);
  const slackSettings = slackBotSettings(config);
  const slack: SlackBot | null = slackSettings.enabled
    ? createSlackApp(
        {
          prisma,
          secretBox,
          logger,
          publicUrl: config.PUBLIC_URL,
          destinations,
          testLeads: { prisma, leads, dispatcher },
          invitations: { ...management, defaultTtlDays: management.invitationTtlDays },
          invitationLimiter: limits.invitations,
          invitationLinkLimiter: limits.invitationLinks,
          ackBudgetMs: config.SLACK_ACK_BUDGET_MS,
          audienceChanges: new RedisAudienceVersions(requestRedis, config.QUEUE_PREFIX, logger),
        },
        { settings: slackSettings, slackApiUrl: config.SLACK_API_URL, publicUrl: config.PUBLIC_URL },
      )
    : null;
  if (slack) {
    management.notifier = slack.notifier;
    management.membershipNotifier = slack.membershipNotifier;
  }

  const app = createApp({
    prisma,
    logger,
    management,
    destinations,
    slack,
    intake: {
      leads,
      duplicates: new DuplicateIndex(sql),
      logger,
      dispatcher,
      sources,
      caps: new SourceCaps(new RedisCapStore(requestRedis), countLiveLeadsFrom(prisma), config.QUEUE_PREFIX),
    },
    queueReady: () => producerRedis.status === "ready",
    maxWaitSeconds: config.INTAKE_MAX_WAIT_SECONDS,
    limits,
    authorizationStates: new RedisAuthorizationStates(requestRedis, config.QUEUE_PREFIX),
    publicUrl: config.PUBLIC_URL,
  });

  await requestRedisReady(requestRedis);
  // Bounded like requestRedisReady: with Redis down the service starts, and the TTL bounds staleness.
  await Promise.race([sourceSubscription.ready, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  const server = options.listen === false ? null : await listen(app.fetch, config);
  // Socket Mode connects in the background: while Slack is slow or unreachable (its client keeps
  // retrying) the API and the workers run; the log says when the bot is connected or gave up.
  const slackReady = slack?.socketMode
    ? slack.start().then(
        () => logger.info("Slack Socket Mode connected"),
        (error: Error) => logger.error({ err: error.message }, "Slack Socket Mode did not connect: the bot is off until restart"),
      )
    : Promise.resolve();
  const notify = config.RUN_WORKERS ? startNotifyRuntime(config, { prisma, secretBox }, logger, watches) : undefined;
  const runtime = config.RUN_WORKERS
    ? startDeliveryRuntime(config, deliveryDepsFromConfig(config, prisma, sql, secretBox), logger, notify ? [notify.listener] : [], watches)
    : undefined;
  const replays = config.RUN_WORKERS ? startReplayRuntime(config, prisma, logger, watches) : undefined;

  return {
    url: server ? `http://127.0.0.1:${(server.address() as AddressInfo).port}` : IN_PROCESS_URL,
    fetch: server ? (input, init) => fetch(input, init) : inProcessFetch(app),
    app,
    prisma,
    runtime,
    slack: slackSettings,
    slackReady,
    async close() {
      await slack?.stop();
      if (server) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if ("closeIdleConnections" in server) server.closeIdleConnections();
        await closed;
      }
      await dispatcher.drain();
      await replays?.close();
      await runtime?.close();
      await notify?.close();
      await closeDeliveryQueues(queues);
      producerRedis.disconnect();
      requestRedis.disconnect();
      sourceSubscription.close();
      await prisma.$disconnect();
      await sql.end();
    },
  };
}

/**
 * Requests straight into the app. The Node bindings carry a loopback socket address because
 * rate limits key on the client address (getConnInfo reads `incoming.socket`).
 */
function inProcessFetch(app: OpenAPIHono): RunningService["fetch"] {
  const incoming = { socket: { remoteAddress: "127.0.0.1", remotePort: 0, remoteFamily: "IPv4" } };
  return async (input, init) => app.fetch(new Request(input, init), { incoming });
}

/**
 * The HTTP server, with bounded waits for slow or stalled clients: headers within
 * HTTP_HEADERS_TIMEOUT_MS and the whole request within HTTP_REQUEST_TIMEOUT_MS, else Node
 * answers 408 and closes the connection. A port in use rejects (start-up names PORT) instead
 * of crashing on an unhandled "error" event.
 */
function listen(fetch: (request: Request) => Response | Promise<Response>, config: Config): Promise<ServerType> {
  const shortest = Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS);
  const server = createAdaptorServer({
    fetch,
    hostname: config.HOST,
    serverOptions: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      // How often Node checks those timeouts (its default, 30 s, would let them overrun by that much).
      connectionsCheckingInterval: Math.max(50, Math.min(1_000, Math.floor(shortest / 4))),
    },
  });
  return new Promise<ServerType>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
