import type { Config } from "../core/config.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import { dependencyWatches, type DependencyWatches } from "../core/dependency-watch.ts";
import type { Logger } from "../core/logger.ts";
import { BullDeliveryDispatcher, closeDeliveryQueues, createDeliveryQueues } from "./delivery-queue.ts";
import { createNotifyQueue } from "./notify-queue.ts";
import { slackConfigured } from "./notify-runtime.ts";
import { createProducerRedis, queueErrorHandler, watchRedis } from "./redis-connection.ts";
import { ReplayFeeder } from "./replay-feeder.ts";

export interface ReplayRuntime {
  feeder: ReplayFeeder;
  close(): Promise<void>;
}

/** Starts the replay feeder beside the delivery workers (any number of processes may run one). */
export function startReplayRuntime(
  config: Config,
  prisma: PrismaClient,
  logger: Logger,
  watches: DependencyWatches = dependencyWatches(logger),
): ReplayRuntime {
  const redis = watchRedis(createProducerRedis(config.REDIS_URL), watches.redis);
  const queues = createDeliveryQueues(redis, config.QUEUE_PREFIX);
  const notifyQueue = slackConfigured(config) ? createNotifyQueue(redis, config.QUEUE_PREFIX) : null;
  for (const queue of [...Object.values(queues), ...(notifyQueue ? [notifyQueue] : [])])
    queue.on("error", queueErrorHandler(watches.redis, logger, "replay feeder queue"));
  const dispatcher = new BullDeliveryDispatcher(queues, redis, config.DELIVERY_RETRY_SCHEDULE, logger);
  const feeder = new ReplayFeeder(
    prisma,
    dispatcher,
    queues,
    redis,
    notifyQueue,
    { intervalMs: 250, reportEveryMs: 2_000, queuePrefix: config.QUEUE_PREFIX, giveUpMs: 2 * 86_400_000, database: watches.database },
    logger,
  );
  feeder.start();
  return {
    feeder,
    async close() {
      await feeder.stop();
      await dispatcher.drain();
      await closeDeliveryQueues(queues);
      await notifyQueue?.close();
      redis.disconnect();
    },
  };
}
