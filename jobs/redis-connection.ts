import { Redis } from "ioredis";

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
