import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { storedCause } from "../../core/alerts/credential-problem.ts";
import type { DeliveryCause } from "../../core/integrations/integration.ts";

/**
 * Collapses leads that failed (or were delivered) to the same destination for the same reason
 * within a window into one burst, counted in Redis, so a channel gets ONE message per burst
 * whose count is kept current ("12 leads failed in the last 5 min: Invalid API Key.") instead
 * of a message per lead.
 *
 * Keys (under `<prefix>:notify:`):
 * - `burst-open:<account>:<destination>:<kind>:<reason hash>` → the open burst's id; expires
 *   when the window (counted from the burst's first lead) closes, and the next lead opens a new one;
 * - `burst:<id>` → hash: count, reason, kind, account/destination ids, latest lead id, window;
 *   kept a day past the window so late updates still find it;
 * - `burst:<id>:posts` → hash: subscription id → ts of the message posted for it (to update);
 * - `noted:<delivery>` → the burst a delivery was counted in, so a replayed job never counts twice.
 */
export type BurstKind = "failure" | "success";

export interface Burst {
  id: string;
  kind: BurstKind;
  count: number;
  reason: string | null;
  /** The failures' typed cause (chooses the alert's button). */
  cause: DeliveryCause | null;
  accountId: string;
  destinationId: string;
  latestLeadId: string | null;
  windowMs: number;
  startedAt: number;
}

const RECORD = `
local prefix = ARGV[1]
local noted = redis.call('GET', KEYS[2])
if noted then
  return {noted, tonumber(redis.call('HGET', prefix .. 'burst:' .. noted, 'count') or '0'), 1}
end
local id = redis.call('GET', KEYS[1])
if id and redis.call('EXISTS', prefix .. 'burst:' .. id) == 1 then
  local key = prefix .. 'burst:' .. id
  local count = redis.call('HINCRBY', key, 'count', 1)
  redis.call('HSET', key, 'latestLeadId', ARGV[9])
  redis.call('SET', KEYS[2], id, 'PX', ARGV[5])
  return {id, count, 0}
end
id = ARGV[2]
local key = prefix .. 'burst:' .. id
redis.call('SET', KEYS[1], id, 'PX', ARGV[4])
redis.call('HSET', key, 'count', 1, 'startedAt', ARGV[3], 'windowMs', ARGV[4], 'kind', ARGV[6], 'reason', ARGV[7], 'accountId', ARGV[8], 'latestLeadId', ARGV[9], 'destinationId', ARGV[10], 'cause', ARGV[11])
redis.call('PEXPIRE', key, ARGV[5])
redis.call('SET', KEYS[2], id, 'PX', ARGV[5])
return {id, 1, 0}`;

export class AlertBursts {
  private readonly base: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly windowMs: number,
  ) {
    this.base = `${prefix}:notify:`;
  }

  private keepMs(): number {
    return this.windowMs + 24 * 3_600_000;
  }

  /**
   * Counts one delivery into the open burst of its (account, destination, kind, reason), opening
   * one if none is. `opened` is true for the burst's first lead; `repeated` when this delivery was
   * already counted (a replay): the caller just makes sure its messages are queued.
   */
  async record(input: {
    kind: BurstKind;
    accountId: string;
    destinationId: string;
    reason: string | null;
    cause?: DeliveryCause | null;
    deliveryId: string;
    leadId: string;
  }): Promise<{ burstId: string; count: number; opened: boolean; repeated: boolean }> {
    const reasonHash = createHash("sha256")
      .update(input.reason ?? "")
      .digest("hex")
      .slice(0, 16);
    const openKey = `${this.base}burst-open:${input.accountId}:${input.destinationId}:${input.kind}:${reasonHash}`;
    const notedKey = `${this.base}noted:${input.deliveryId}`;
    const [burstId, count, repeated] = (await this.redis.eval(
      RECORD,
      2,
      openKey,
      notedKey,
      this.base,
      randomUUID(),
      String(Date.now()),
      String(this.windowMs),
      String(this.keepMs()),
      input.kind,
      input.reason ?? "",
      input.accountId,
      input.leadId,
      input.destinationId,
      input.cause ?? "",
    )) as [string, number, number];
    return { burstId, count, opened: count === 1 && !repeated, repeated: repeated === 1 };
  }

  async get(burstId: string): Promise<Burst | null> {
    const hash = await this.redis.hgetall(`${this.base}burst:${burstId}`);
    if (!hash.count) return null;
    return {
      id: burstId,
      kind: hash.kind === "success" ? "success" : "failure",
      count: Number(hash.count),
      reason: hash.reason || null,
      cause: storedCause({ cause: hash.cause }),
      accountId: hash.accountId ?? "",
      destinationId: hash.destinationId ?? "",
      latestLeadId: hash.latestLeadId || null,
      windowMs: Number(hash.windowMs),
      startedAt: Number(hash.startedAt),
    };
  }

  /** The ts of the message a subscription's channel got for this burst (to update it), if any. */
  async postedTs(burstId: string, subscriptionId: string): Promise<string | null> {
    return this.redis.hget(`${this.base}burst:${burstId}:posts`, subscriptionId);
  }

  async setPostedTs(burstId: string, subscriptionId: string, ts: string): Promise<void> {
    const key = `${this.base}burst:${burstId}:posts`;
    await this.redis.multi().hset(key, subscriptionId, ts).pexpire(key, this.keepMs()).exec();
  }
}
