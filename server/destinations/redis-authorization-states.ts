import type { Redis } from "ioredis";
import type { AuthorizationStates, ConsumedAuthorization, PendingAuthorization } from "../../core/destinations/salesforce-authorization.ts";

/**
 * OAuth states in Redis, shared by every process: the callback may land on another replica than
 * the start page. Consuming is one Lua script (check the browser, delete, leave a "used" marker),
 * so two callbacks with the same state cannot both succeed.
 */
const CONSUME = `
local value = redis.call('GET', KEYS[1])
if not value then
  if redis.call('EXISTS', KEYS[2]) == 1 then return {'used'} end
  return {'unknown'}
end
local pending = cjson.decode(value)
if pending.browserHash ~= ARGV[1] then return {'other_browser'} end
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
return {'ok', value}`;

const USED_MARKER_MS = 24 * 3_600_000;

export class RedisAuthorizationStates implements AuthorizationStates {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(stateHash: string): [string, string] {
    return [`${this.prefix}:oauth-state:salesforce:${stateHash}`, `${this.prefix}:oauth-state:salesforce:used:${stateHash}`];
  }

  async save(stateHash: string, pending: PendingAuthorization, ttlMs: number): Promise<void> {
    await this.redis.set(this.keys(stateHash)[0], JSON.stringify(pending), "PX", ttlMs);
  }

  async consume(stateHash: string, browserHash: string): Promise<ConsumedAuthorization> {
    const [outcome, value] = (await this.redis.eval(CONSUME, 2, ...this.keys(stateHash), browserHash, USED_MARKER_MS)) as [string, string?];
    if (outcome === "ok" && value) return { ok: true, pending: JSON.parse(value) as PendingAuthorization };
    return { ok: false, reason: outcome === "used" || outcome === "other_browser" ? outcome : "unknown" };
  }
}
