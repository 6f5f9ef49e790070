/**
 * Told after every committed write that changes what intake reads for a (flow, source) pair
 * (core/intake/source-context.ts): a flow's enabled flag, fields, rules or recipient steps, a
 * source's posting key or caps, its connection's status. Every process's source cache drops the
 * named flows' entries at once, so a paused connection or a detached destination gets no more
 * leads. A port: core does not know it is Redis pub/sub (server/submit/source-context-channel.ts).
 *
 * Call it after the transaction commits, never inside it: another process told earlier could
 * re-read the old rows and keep them until its TTL.
 */
export interface SourceContextChanges {
  changed(flowIds: readonly string[]): Promise<void>;
}

/** For writes that only touch rows created in the same call (a new source), which no cache can hold yet. */
export const nothingCachedYet: SourceContextChanges = { changed: async () => {} };
