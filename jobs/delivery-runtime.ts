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
import { createProducerRedis, createWorkerRedis } from "./redis-connection.ts";

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

/** Starts a delivery worker and the sweeper; `close()` stops taking jobs and lets active ones finish. */
export function startDeliveryRuntime(
  config: Config,
  deps: DeliveryDeps,
  logger: Logger,
  listeners: DeliveryOutcomeListener[] = [],
): DeliveryRuntime {
  const workerRedis = createWorkerRedis(config.REDIS_URL);
  const sweeperRedis = createProducerRedis(config.REDIS_URL);
  for (const redis of [workerRedis, sweeperRedis]) {
    redis.on("error", (error: Error) => logger.debug({ err: error.message }, "queue connection error"));
  }
  const worker = createDeliveryWorker(
    deps,
    { connection: workerRedis, prefix: config.QUEUE_PREFIX, concurrency: config.DELIVERY_CONCURRENCY, lockDurationMs: config.DELIVERY_LOCK_MS, listeners },
    logger,
  );
  const sweeperQueue = createDeliveryQueue(sweeperRedis, config.QUEUE_PREFIX);
  sweeperQueue.on("error", (error: Error) => logger.debug({ err: error.message }, "sweeper queue error"));
  const sweeper = new DeliverySweeper(
    deps.prisma,
    sweeperQueue,
    sweeperRedis,
    { intervalMs: config.SWEEP_INTERVAL_MS, pendingGraceMs: config.SWEEP_GRACE_MS, retrySchedule: config.DELIVERY_RETRY_SCHEDULE },
    logger,
  );
  sweeper.start();
  return {
    sweeper,
    async close() {
      await sweeper.stop();
      await worker.close();
      await sweeperQueue.close();
      workerRedis.disconnect();
      sweeperRedis.disconnect();
    },
  };
}
