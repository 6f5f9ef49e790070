import type { Redis } from "ioredis";

/**
 * "Tell this once": the first caller for a key wins for `ttlMs`. Used where one event may be
 * reported by many attempts (a destination turning unhealthy; a test lead parked behind it).
 */
export class NotifyOnce {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs = 30 * 24 * 3_600_000,
  ) {}

  async claim(key: string): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}:notify:once:${key}`, "1", "PX", this.ttlMs, "NX")) === "OK";
  }

  /** Gives a claim back (the fan-out failed before it enqueued anything). */
  async release(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}:notify:once:${key}`);
  }
}
