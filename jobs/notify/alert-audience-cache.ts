import type { Redis } from "ioredis";
import type { AudienceChanges } from "../../core/alerts/audience-changes.ts";
import { activeSubscriptions, levelWants, type AlertKind } from "../../core/alerts/alert-audience.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import type { Logger } from "../../core/logger.ts";

/** Who would hear about an account's alerts, per kind (only whether anyone does). */
export interface AudienceSummary {
  failure: boolean;
  success: boolean;
  health: boolean;
}

const versionKey = (prefix: string, accountId: string) => `${prefix}:alert-audience-version:${accountId}`;

/**
 * The invalidation every process agrees on: one Redis counter per account, incremented after
 * every write to its alert subscriptions. Caches compare the version they loaded against it.
 */
export class RedisAudienceVersions implements AudienceChanges {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {}

  /** Never throws: the subscription is already written; with Redis down, caches catch up within their TTL. */
  async changed(accountId: string): Promise<void> {
    try {
      await this.redis.incr(versionKey(this.prefix, accountId));
    } catch (error) {
      this.logger?.warn({ err: error, accountId }, "could not announce an alert-audience change; caches see it within their TTL");
    }
  }

  async version(accountId: string): Promise<string> {
    return (await this.redis.get(versionKey(this.prefix, accountId))) ?? "0";
  }
}

interface Entry {
  version: string;
  summary: AudienceSummary;
  subscriptions: { id: string; level: "all" | "failures" }[];
  loadedAt: number;
  checkedAt: number;
}

export interface AlertAudienceCacheOptions {
  /** An entry's version is re-read from Redis at most this often (a change is seen within it). */
  checkMs?: number;
  /** An entry is re-read from PostgreSQL at least this often, whatever the version says. */
  ttlMs?: number;
  /** Entries kept (least recently loaded dropped first). */
  maxEntries?: number;
}

/**
 * Per-process cache of each account's alert audience, so the delivery path can tell, without a
 * database read and usually without a Redis call, that nobody listens. An entry is trusted for
 * `checkMs`; after that one Redis GET of the account's version key either confirms it or causes
 * one PostgreSQL read. A version read before the database read means a change racing the load
 * is never hidden: the next check sees a newer version.
 */
export class AlertAudienceCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  private readonly checkMs: number;
  private readonly ttlMs: number;
  private readonly maxEntries: number;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly versions: RedisAudienceVersions,
    options: AlertAudienceCacheOptions = {},
  ) {
    this.checkMs = options.checkMs ?? 1_000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 100_000;
  }

  async wants(accountId: string, kind: AlertKind): Promise<boolean> {
    return (await this.summary(accountId))[kind];
  }

  async summary(accountId: string): Promise<AudienceSummary> {
    return (await this.entry(accountId)).summary;
  }

  /**
   * The active subscriptions that want this kind of alert (ids only), from the same cached entry:
   * the notify worker's fan-out reads them here instead of querying PostgreSQL for every attempt.
   */
  async subscriptions(accountId: string, kind: AlertKind): Promise<{ id: string }[]> {
    return (await this.entry(accountId)).subscriptions.filter((subscription) => levelWants(subscription.level, kind));
  }

  private async entry(accountId: string): Promise<Entry> {
    const now = Date.now();
    const entry = this.entries.get(accountId);
    if (entry && now - entry.checkedAt < this.checkMs) return entry;
    const pending = this.loading.get(accountId);
    if (pending) return pending;
    const load = this.refresh(accountId, entry, now).finally(() => this.loading.delete(accountId));
    this.loading.set(accountId, load);
    return load;
  }

  private async refresh(accountId: string, entry: Entry | undefined, now: number): Promise<Entry> {
    const version = await this.versions.version(accountId);
    if (entry && entry.version === version && now - entry.loadedAt < this.ttlMs) {
      entry.checkedAt = now;
      return entry;
    }
    const subscriptions = await activeSubscriptions(this.prisma, accountId);
    const summary = {
      failure: subscriptions.some((s) => levelWants(s.level, "failure")),
      success: subscriptions.some((s) => levelWants(s.level, "success")),
      health: subscriptions.some((s) => levelWants(s.level, "health")),
    };
    this.entries.delete(accountId);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const fresh = { version, summary, subscriptions, loadedAt: now, checkedAt: now };
    this.entries.set(accountId, fresh);
    return fresh;
  }
}
