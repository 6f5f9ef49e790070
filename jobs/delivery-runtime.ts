import type { Config } from "../core/config.ts";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { SqlPool } from "../core/db/sql-pool.ts";
import { DeliveryStore } from "../core/deliveries/delivery-store.ts";
import type { DeliveryDeps } from "../core/deliveries/delivery-deps.ts";
import { integrationEndpointsFromConfig } from "../core/integrations/integration-endpoints.ts";
import type { Logger } from "../core/logger.ts";
import { createDeliveryQueue } from "./delivery-queue.ts";
import { DeliverySweeper } from "./delivery-sweeper.ts";
import { createDeliveryWorker, type DeliveryOutcomeListener } from "./delivery-worker.ts";
import { createProducerRedis, createWorkerRedis, queueErrorHandler, watchRedis } from "./redis-connection.ts";
import { dependencyWatches, type DependencyWatches } from "../core/dependency-watch.ts";

export interface DeliveryRuntime {
  sweeper: DeliverySweeper;
  close(): Promise<void>;
}

export function deliveryDepsFromConfig(config: Config, prisma: PrismaClient, sql: SqlPool, secretBox: SecretBox): DeliveryDeps {
  return {
    prisma,
    store: new DeliveryStore(sql),
    secretBox,
    endpoints: integrationEndpointsFromConfig(config),
    timeoutMs: config.DELIVERY_TIMEOUT_MS,
    retrySchedule: config.DELIVERY_RETRY_SCHEDULE,
    waitRecheckMs: 60_000,
    unhealthyAfterMs: config.DESTINATION_UNHEALTHY_AFTER_HOURS * 3_600_000,
  };
}

/**
 * Starts a delivery worker and the sweeper; `close()` stops taking jobs and lets active ones
 * finish (with Redis unreachable it drops the connections at once: BullMQ would wait for it).
 * Connection losses go to the process's `watches` (one warning naming REDIS_URL or DATABASE_URL).
 */
export function startDeliveryRuntime(
  config: Config,
  deps: DeliveryDeps,
  logger: Logger,
  listeners: DeliveryOutcomeListener[] = [],
  watches: DependencyWatches = dependencyWatches(logger),
): DeliveryRuntime {
  const workerRedis = watchRedis(createWorkerRedis(config.REDIS_URL), watches.redis);
  const sweeperRedis = watchRedis(createProducerRedis(config.REDIS_URL), watches.redis);
  const worker = createDeliveryWorker(
    deps,
    {
      connection: workerRedis,
      prefix: config.QUEUE_PREFIX,
      concurrency: config.DELIVERY_CONCURRENCY,
      lockDurationMs: config.DELIVERY_LOCK_MS,
      listeners,
      onError: queueErrorHandler(watches.redis, logger, "delivery worker"),
    },
    logger,
  );
  const sweeperQueue = createDeliveryQueue(sweeperRedis, config.QUEUE_PREFIX);
  sweeperQueue.on("error", queueErrorHandler(watches.redis, logger, "sweeper queue"));
  const sweeper = new DeliverySweeper(
    deps.prisma,
    sweeperQueue,
    sweeperRedis,
    { intervalMs: config.SWEEP_INTERVAL_MS, pendingGraceMs: config.SWEEP_GRACE_MS, retrySchedule: config.DELIVERY_RETRY_SCHEDULE, database: watches.database },
    logger,
  );
  sweeper.start();
  return {
    sweeper,
    async close() {
      await sweeper.stop();
      const redisLost = !watches.redis.available;
      if (redisLost) for (const redis of [workerRedis, sweeperRedis]) redis.disconnect();
      await worker.close(redisLost);
      await sweeperQueue.close();
      workerRedis.disconnect();
      sweeperRedis.disconnect();
    },
  };
}
