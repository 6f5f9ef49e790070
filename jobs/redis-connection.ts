import { Redis } from "ioredis";
import { isUnreachable, type DependencyWatch } from "../core/dependency-watch.ts";
import type { Logger } from "../core/logger.ts";

/**
 * Redis connections for BullMQ. Workers block on Redis and must retry forever; producers (the
 * HTTP intake) must fail fast when Redis is down so a request never waits on it: the lead is
 * already in Postgres and the sweeper enqueues it once Redis is back.
 */
export function createWorkerRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

export function createProducerRedis(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
}

/**
 * Reports a connection's losses and recoveries to the process's REDIS_URL watch (one warning
 * per outage, one line when it is back) instead of logging every reconnect attempt.
 */
export function watchRedis(redis: Redis, watch: DependencyWatch): Redis {
  redis.on("error", (error: Error) => watch.lost(redis, error));
  redis.on("ready", () => watch.restored(redis));
  return redis;
}

/**
 * The handler for a BullMQ Worker's or Queue's "error" event: an unreachable Redis goes to the
 * watch (rate-limited, naming REDIS_URL); anything else is logged as the error it is.
 */
export function queueErrorHandler(watch: DependencyWatch, logger: Logger, what: string): (error: Error) => void {
  return (error: Error) => {
    if (isUnreachable(error) || !watch.available) watch.failed(error);
    else logger.error({ err: error }, `${what} error`);
  };
}
