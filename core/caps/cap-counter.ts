/** One cap's counter in its current window. */
export interface CapCounterEntry {
  key: string;
  limit: number;
  /** How long the counter must outlive now: to the window's end, plus a margin. */
  ttlSeconds: number;
}

export type CapClaimAttempt =
  /** Every counter had room and was incremented, all at once. */
  | { state: "claimed" }
  /** The counter at `index` is at its limit; nothing was incremented. */
  | { state: "reached"; index: number }
  /** These counters do not exist yet (a new window, or a store that lost them); nothing was incremented. */
  | { state: "unseeded"; indexes: number[] };

/**
 * Cap counters shared by every process (Redis in production, server/submit/redis-cap-store.ts).
 * `claim` is one atomic check-and-increment over all of a source's caps, so concurrent leads,
 * in one process or many, never take more room than there is.
 */
export interface CapCounterStore {
  claim(entries: readonly CapCounterEntry[]): Promise<CapClaimAttempt>;
  /** Creates a missing counter at `count`; a counter that exists (another process seeded it) is left alone. */
  seed(entry: CapCounterEntry, count: number): Promise<void>;
  /** Gives back one unit of each counter (a claimed lead that was then not stored). */
  release(keys: readonly string[]): Promise<void>;
}
