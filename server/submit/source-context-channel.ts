import { Redis } from "ioredis";
import { z } from "zod";
import type { SourceContextCache } from "../../core/intake/source-context.ts";
import type { SourceContextChanges } from "../../core/intake/source-context-changes.ts";
import type { Logger } from "../../core/logger.ts";

/** One pub/sub channel per QUEUE_PREFIX: services sharing a prefix share flows. */
export const sourceContextChannel = (prefix: string) => `${prefix}:source-context-changes`;

const messageSchema = z.object({ flowIds: z.array(z.string()).max(10_000) });

/**
 * The writer's side: drops this process's own entries first (so the person's next request sees
 * the change, before the API answers), then PUBLISHes the flow ids for every other process.
 * Never throws: the change is already committed; a process that misses the message re-reads
 * within SOURCE_CACHE_TTL_MS.
 */
export class RedisSourceContextChanges implements SourceContextChanges {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly local: SourceContextCache,
    private readonly logger?: Logger,
  ) {}

  async changed(flowIds: readonly string[]): Promise<void> {
    if (!flowIds.length) return;
    this.local.invalidateFlows(flowIds);
    try {
      await this.redis.publish(sourceContextChannel(this.prefix), JSON.stringify({ flowIds }));
    } catch (error) {
      this.logger?.warn({ err: error, flowIds }, "could not announce a flow change; other processes see it within SOURCE_CACHE_TTL_MS");
    }
  }
}

export interface SourceContextSubscription {
  /** Settles once the first SUBSCRIBE is confirmed (or failed: the TTL still bounds staleness). */
  ready: Promise<void>;
  close(): void;
}

/**
 * Every process's side: a dedicated connection (a subscribed connection can run nothing else)
 * that drops cached entries as changes arrive, so intake pays no Redis round trip per lead.
 * Pub/sub forgets what it published while a subscriber was away, so after each (re)subscribe the
 * whole cache is dropped: whatever changed during the gap is re-read.
 */
export function subscribeSourceContextChanges(
  url: string,
  prefix: string,
  cache: SourceContextCache,
  logger: Logger,
  connectionName = `${prefix}:source-context`,
): SourceContextSubscription {
  const channel = sourceContextChannel(prefix);
  const redis = new Redis(url, {
    connectionName,
    // Resubscribing ourselves tells us when it took effect, which is when the cache may be cleared.
    autoResubscribe: false,
    maxRetriesPerRequest: null,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  redis.on("error", (error: Error) => logger.debug({ err: error.message }, "source-context subscriber Redis connection error"));
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  redis.on("ready", () => {
    redis.subscribe(channel).then(
      () => {
        cache.invalidate();
        markReady();
      },
      (error: Error) => {
        logger.warn(
          { err: error.message },
          "could not subscribe to flow changes; reconnecting (intake re-reads flows within SOURCE_CACHE_TTL_MS meanwhile)",
        );
        markReady();
        if (redis.status === "ready") redis.disconnect(true);
      },
    );
  });
  redis.on("message", (received: string, text: string) => {
    if (received !== channel) return;
    const parsed = messageSchema.safeParse(safeJson(text));
    if (parsed.success) cache.invalidateFlows(parsed.data.flowIds);
    else cache.invalidate();
  });
  return {
    ready,
    close: () => redis.disconnect(),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
