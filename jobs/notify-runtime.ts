import type { Config } from "../core/config.ts";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { Logger } from "../core/logger.ts";
import { createSlackTokenResolver } from "../slack/slack-token-resolver.ts";
import type { DeliveryOutcomeListener } from "./delivery-worker.ts";
import { AlertAudienceCache, RedisAudienceVersions } from "./notify/alert-audience-cache.ts";
import { AlertBursts } from "./notify/alert-bursts.ts";
import { ChannelRateGate } from "./notify/channel-rate-gate.ts";
import { NotifyOnce } from "./notify/notify-once.ts";
import { SlackClients } from "./notify/slack-clients.ts";
import { createNotifyListener } from "./notify-listener.ts";
import { createNotifyQueue } from "./notify-queue.ts";
import { createNotifyWorker } from "./notify-worker.ts";
import { createProducerRedis, createWorkerRedis, queueErrorHandler, watchRedis } from "./redis-connection.ts";
import { dependencyWatches, type DependencyWatches } from "../core/dependency-watch.ts";

export interface NotifyRuntime {
  /** Give it to the delivery runtime: it enqueues a notify job per attempt someone will hear about. */
  listener: DeliveryOutcomeListener;
  close(): Promise<void>;
}

/** Slack can be reached at all: a single-workspace token, or OAuth installs (tokens per team in the database). */
export function slackConfigured(config: Config): boolean {
  return Boolean(config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
}

/**
 * Starts the notify worker and returns the delivery-outcome listener that feeds it, or
 * undefined when Slack is not configured (nothing to notify; deliveries run as before).
 */
export function startNotifyRuntime(
  config: Config,
  deps: { prisma: PrismaClient; secretBox: SecretBox },
  logger: Logger,
  watches: DependencyWatches = dependencyWatches(logger),
): NotifyRuntime | undefined {
  if (!slackConfigured(config)) {
    logger.debug("Slack is not configured: delivery alerts and test-lead results are not posted");
    return undefined;
  }
  const producerRedis = watchRedis(createProducerRedis(config.REDIS_URL), watches.redis);
  const workerRedis = watchRedis(createWorkerRedis(config.REDIS_URL), watches.redis);
  const commandRedis = watchRedis(createWorkerRedis(config.REDIS_URL), watches.redis);
  const listenerQueue = createNotifyQueue(producerRedis, config.QUEUE_PREFIX);
  const fanOutQueue = createNotifyQueue(commandRedis, config.QUEUE_PREFIX);
  for (const queue of [listenerQueue, fanOutQueue]) queue.on("error", queueErrorHandler(watches.redis, logger, "notify queue"));

  const versions = new RedisAudienceVersions(commandRedis, config.QUEUE_PREFIX, logger);
  const audience = new AlertAudienceCache(deps.prisma, new RedisAudienceVersions(producerRedis, config.QUEUE_PREFIX, logger));
  const worker = createNotifyWorker(
    {
      prisma: deps.prisma,
      queue: fanOutQueue,
      bursts: new AlertBursts(commandRedis, config.QUEUE_PREFIX, config.ALERT_BURST_WINDOW_SECONDS * 1_000),
      audience,
      once: new NotifyOnce(commandRedis, config.QUEUE_PREFIX),
      updateDelayMs: config.ALERT_UPDATE_DELAY_MS,
      audienceChanges: versions,
      tokens: createSlackTokenResolver({ prisma: deps.prisma, secretBox: deps.secretBox, defaultToken: config.SLACK_BOT_TOKEN }),
      clients: new SlackClients(config.SLACK_API_URL, logger),
      gate: new ChannelRateGate(commandRedis, config.QUEUE_PREFIX, config.SLACK_CHANNEL_INTERVAL_MS),
      logger,
    },
    {
      connection: workerRedis,
      prefix: config.QUEUE_PREFIX,
      concurrency: config.NOTIFY_CONCURRENCY,
      onError: queueErrorHandler(watches.redis, logger, "notify worker"),
    },
    logger,
  );
  return {
    listener: createNotifyListener(listenerQueue, producerRedis, audience, logger),
    async close() {
      const redisLost = !watches.redis.available;
      if (redisLost) for (const redis of [producerRedis, workerRedis, commandRedis]) redis.disconnect();
      await worker.close(redisLost);
      await Promise.all([listenerQueue.close(), fanOutQueue.close()]);
      for (const redis of [producerRedis, workerRedis, commandRedis]) redis.disconnect();
    },
  };
}
