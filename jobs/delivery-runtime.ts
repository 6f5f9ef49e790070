import type { Config } from "../core/config.ts";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { SqlPool } from "../core/db/sql-pool.ts";
import { DeliveryStore } from "../core/deliveries/delivery-store.ts";
import type { DeliveryDeps } from "../core/deliveries/delivery-deps.ts";
import { integrationEndpointsFromConfig } from "../core/integrations/integration-endpoints.ts";
import type { DeliveryLane } from "../core/intake/delivery-dispatcher.ts";
import type { Logger } from "../core/logger.ts";
import { closeDeliveryQueues, createDeliveryQueues } from "./delivery-queue.ts";
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
 * Starts the delivery workers (one per lane) and the sweeper; `close()` stops taking jobs and lets active ones
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
  const worker = (lane: DeliveryLane, concurrency: number) =>
    createDeliveryWorker(
      deps,
      {
        lane,
        connection: workerRedis,
        prefix: config.QUEUE_PREFIX,
        concurrency,
        lockDurationMs: config.DELIVERY_LOCK_MS,
        listeners,
        onError: queueErrorHandler(watches.redis, logger, `${lane} delivery worker`),
      },
      logger,
    );
  // Two workers, two queues: the interactive lane's capacity is its own, whatever the bulk backlog.
  const workers = [worker("interactive", config.INTERACTIVE_DELIVERY_CONCURRENCY), worker("bulk", config.DELIVERY_CONCURRENCY)];
  const sweeperQueues = createDeliveryQueues(sweeperRedis, config.QUEUE_PREFIX);
  for (const queue of Object.values(sweeperQueues)) queue.on("error", queueErrorHandler(watches.redis, logger, "sweeper queue"));
  const sweeper = new DeliverySweeper(
    deps.prisma,
    sweeperQueues,
    sweeperRedis,
    {
      intervalMs: config.SWEEP_INTERVAL_MS,
      pendingGraceMs: config.SWEEP_GRACE_MS,
      retrySchedule: config.DELIVERY_RETRY_SCHEDULE,
      database: watches.database,
    },
    logger,
  );
  sweeper.start();
  return {
    sweeper,
    async close() {
      await sweeper.stop();
      const redisLost = !watches.redis.available;
      if (redisLost) for (const redis of [workerRedis, sweeperRedis]) redis.disconnect();
      await Promise.all(workers.map((w) => w.close(redisLost)));
      await closeDeliveryQueues(sweeperQueues);
      workerRedis.disconnect();
      sweeperRedis.disconnect();
    },
  };
}
