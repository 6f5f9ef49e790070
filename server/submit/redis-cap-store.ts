import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import type { CapClaimAttempt, CapCounterEntry, CapCounterStore } from "../../core/caps/cap-counter.ts";

/**
 * Check-and-increment of all of a source's cap counters in one Lua script: Redis runs a script
 * alone, so two leads (from any process) can never both see the last unit of room.
 * Returns {1} claimed, {0, i} counter i is full, {-1, i, …} counters i… do not exist.
 */
const CLAIM = `
local missing = {-1}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 0 then missing[#missing + 1] = i end
end
if #missing > 1 then return missing end
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key)) >= tonumber(ARGV[i]) then return {0, i} end
end
for _, key in ipairs(KEYS) do redis.call('INCR', key) end
return {1}`;

/** Gives back one unit, never creating a counter (nor taking one below zero). */
const RELEASE = `
for _, key in ipairs(KEYS) do
  local n = tonumber(redis.call('GET', key) or '0')
  if n > 0 then redis.call('DECR', key) end
end
return 0`;

interface Script {
  body: string;
  sha: string;
}

const script = (body: string): Script => ({ body, sha: createHash("sha1").update(body).digest("hex") });
const CLAIM_SCRIPT = script(CLAIM);
const RELEASE_SCRIPT = script(RELEASE);

export class RedisCapStore implements CapCounterStore {
  constructor(private readonly redis: Redis) {}

  async claim(entries: readonly CapCounterEntry[]): Promise<CapClaimAttempt> {
    const result = (await this.run(
      CLAIM_SCRIPT,
      entries.map((entry) => entry.key),
      entries.map((entry) => entry.limit),
    )) as number[];
    if (result[0] === 1) return { state: "claimed" };
    if (result[0] === 0) return { state: "reached", index: result[1]! - 1 };
    return { state: "unseeded", indexes: result.slice(1).map((i) => i - 1) };
  }

  async seed(entry: CapCounterEntry, count: number): Promise<void> {
    await this.redis.set(entry.key, count, "EX", entry.ttlSeconds, "NX");
  }

  async release(keys: readonly string[]): Promise<void> {
    await this.run(RELEASE_SCRIPT, keys, []);
  }

  /** EVALSHA, loading the script once when this Redis does not have it yet. */
  private async run(script: Script, keys: readonly string[], args: readonly number[]): Promise<unknown> {
    try {
      return await this.redis.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith("NOSCRIPT")) throw error;
      return this.redis.eval(script.body, keys.length, ...keys, ...args);
    }
  }
}
