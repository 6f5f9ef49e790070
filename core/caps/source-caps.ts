import type { CapWindow } from "./cap-window.ts";
import { capWindow } from "./cap-window.ts";
import type { CapCounterEntry, CapCounterStore } from "./cap-counter.ts";
import type { SourceCap } from "./source-cap.ts";

/** Live leads of a source already stored as accepted in a window (the counter's starting point). */
export type CountLiveLeads = (source: { flowId: string; sourceId: string }, window: CapWindow) => Promise<number>;

export type CapVerdict =
  | { reached: false; /** Gives the room back: call when the lead ends up not stored. */ release(): Promise<void> }
  | { reached: true; cap: SourceCap };

/** Counters outlive their window by a day, so a clock a little behind never finds a fresh one. */
const TTL_MARGIN_SECONDS = 86_400;

/**
 * Volume caps at intake. A live lead takes one unit of room from every cap of its source in
 * one atomic step, or is refused when any cap is full. A counter that does not exist yet (the
 * first lead of a window, a cap just set, a Redis that lost its data) starts from the live leads
 * already stored in that window, so setting a cap mid-day counts the day's earlier leads.
 */
export class SourceCaps {
  /** Seeds under way in this process: a burst at a window's start counts the leads table once, not once per lead. */
  private readonly seeding = new Map<string, Promise<void>>();

  constructor(
    private readonly store: CapCounterStore,
    private readonly countLiveLeads: CountLiveLeads,
    private readonly keyPrefix: string,
  ) {}

  async claim(source: { flowId: string; sourceId: string; caps: readonly SourceCap[] }, now = new Date()): Promise<CapVerdict> {
    const windows = source.caps.map((cap) => capWindow(cap.period, cap.timezone, now));
    const entries = source.caps.map((cap, i) => ({
      // The hash tag keeps a source's counters in one Redis Cluster slot (a script needs that).
      key: `${this.keyPrefix}:cap:{${source.sourceId}}:${cap.period}:${cap.timezone}:${windows[i]!.start.toISOString()}`,
      limit: cap.limit,
      ttlSeconds: Math.ceil((windows[i]!.end.getTime() - now.getTime()) / 1000) + TTL_MARGIN_SECONDS,
    }));
    for (let round = 0; ; round++) {
      const attempt = await this.store.claim(entries);
      if (attempt.state === "claimed") {
        const keys = entries.map((entry) => entry.key);
        return { reached: false, release: () => this.store.release(keys) };
      }
      if (attempt.state === "reached") return { reached: true, cap: source.caps[attempt.index]! };
      // Seeding happens once per window; a second miss means counters vanish as they are made.
      if (round > 1) throw new Error("cap counters could not be created");
      await Promise.all(attempt.indexes.map((i) => this.seed(entries[i]!, () => this.countLiveLeads(source, windows[i]!))));
    }
  }

  private seed(entry: CapCounterEntry, count: () => Promise<number>): Promise<void> {
    let running = this.seeding.get(entry.key);
    if (!running) {
      running = (async () => this.store.seed(entry, await count()))().finally(() => this.seeding.delete(entry.key));
      this.seeding.set(entry.key, running);
    }
    return running;
  }
}
