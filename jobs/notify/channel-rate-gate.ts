import type { Redis } from "ioredis";

/** SET NX PX in one round trip: 0 when the caller may post now, else how many ms the gate stays closed. */
const PASS = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 1 then return 1 end
return ttl`;

/**
 * Slack allows about one message a second per channel. Every post (and update) to a channel
 * first passes this gate, shared by all notify workers through Redis; a job that finds it
 * closed is delayed until it opens instead of holding a worker.
 */
export class ChannelRateGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly intervalMs: number,
  ) {}

  private key(teamId: string, channelId: string): string {
    return `${this.prefix}:notify:gate:${teamId}:${channelId}`;
  }

  /** 0: passed (the gate is now closed for `intervalMs`); otherwise the ms until it opens. */
  async pass(teamId: string, channelId: string): Promise<number> {
    if (this.intervalMs <= 0) return 0;
    return Number(await this.redis.eval(PASS, 1, this.key(teamId, channelId), String(this.intervalMs)));
  }

  /** Keeps the channel closed for `ms` (Slack answered 429 with Retry-After). */
  async hold(teamId: string, channelId: string, ms: number): Promise<void> {
    await this.redis.set(this.key(teamId, channelId), "1", "PX", Math.max(1, Math.ceil(ms)));
  }
}
