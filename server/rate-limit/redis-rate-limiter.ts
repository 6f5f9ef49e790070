import type { Redis } from "ioredis";
import type { Logger } from "../../core/logger.ts";
import { NOT_LIMITED, type RateLimiter, type RateLimitVerdict } from "../../core/rate-limits/rate-limiter.ts";

/**
 * Fixed windows in Redis, shared by every process on the same Redis and key prefix: a key's
 * counter starts at its first event and is dropped `windowMs` later (INCR + PEXPIRE in one Lua
 * script, so concurrent hits from many processes count exactly). `Retry-After` is the time left
 * in the window.
 */
const HIT = `
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local limited = 0
local retry = 0
for _, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, window)
    ttl = window
  end
  if n > limit then
    limited = 1
    if ttl > retry then retry = ttl end
  end
end
return {limited, retry}`;

const PEEK = `
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local limited = 0
local retry = 0
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n >= limit then
    local ttl = redis.call('PTTL', key)
    if ttl == -1 then ttl = window end
    if ttl > 0 then
      limited = 1
      if ttl > retry then retry = ttl end
    end
  end
end
return {limited, retry}`;

export interface RedisRateLimiterOptions {
  /** Names this limit in Redis keys and logs, e.g. "auth-failures". */
  name: string;
  limit: number;
  windowMs: number;
  /** Key prefix (QUEUE_PREFIX), so deployments sharing one Redis do not share counters. */
  prefix: string;
}

export class RedisRateLimiter implements RateLimiter {
  readonly limit: number;
  private unavailable = false;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRateLimiterOptions,
    private readonly logger: Logger,
  ) {
    this.limit = options.limit;
  }

  hit(keys: readonly string[]): Promise<RateLimitVerdict> {
    return this.run(HIT, keys);
  }

  peek(keys: readonly string[]): Promise<RateLimitVerdict> {
    return this.run(PEEK, keys);
  }

  private async run(script: string, keys: readonly string[]): Promise<RateLimitVerdict> {
    if (!keys.length) return NOT_LIMITED;
    const fullKeys = keys.map((key) => `${this.options.prefix}:ratelimit:${this.options.name}:${key}`);
    try {
      const [limited, retryMs] = (await this.redis.eval(
        script,
        fullKeys.length,
        ...fullKeys,
        this.options.windowMs,
        this.options.limit,
      )) as [number, number];
      if (this.unavailable) {
        this.unavailable = false;
        this.logger.info({ limit: this.options.name }, "rate limiter: Redis is back, limits apply again");
      }
      return limited ? { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(retryMs / 1000)) } : NOT_LIMITED;
    } catch (error) {
      // Fail open: a limiter that cannot count must not refuse anyone, nor make them wait.
      if (!this.unavailable) {
        this.unavailable = true;
        this.logger.warn(
          { err: (error as Error).message, limit: this.options.name },
          "rate limiter: Redis unavailable, limits are not enforced until it is back",
        );
      }
      return NOT_LIMITED;
    }
  }
}
