import { Redis } from "ioredis";
import type { Logger } from "../core/logger.ts";

/**
 * A Redis connection for request paths (rate limits, OAuth states): no offline queue and a short
 * command timeout, so a Redis that is down or stalled costs a request at most `commandTimeoutMs`,
 * never a hang.
 */
export function createRequestRedis(url: string, logger: Logger, commandTimeoutMs = 500): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  redis.on("error", (error: Error) => logger.debug({ err: error.message }, "request Redis connection error"));
  return redis;
}

/** Start-up waits up to `ms` for the connection, then goes on (rate limits fail open until it is up). */
export async function requestRedisReady(redis: Redis, ms = 1_000): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    redis.once("ready", done);
    function done() {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    }
  });
}
