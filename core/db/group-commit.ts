/**
 * Natural batching for one kind of statement: items submitted while earlier batches are in
 * flight are sent together as ONE statement when a slot frees up. At low traffic a batch is a
 * single item and nothing waits; under load, round trips (and commits) per item fall with the
 * batch size. Each caller gets its own result.
 *
 * A failed batch fails every caller in it, unless `isItemError` says the error may come from one
 * item's data (a value the database refuses): then the batch is split in halves, each half is
 * retried on its own, and so on down to single items, so only the offending items get the error
 * and everyone else's items are stored. The happy path is untouched (one statement per batch);
 * a poisoned batch of n items costs about 2·log2(n) more statements. Errors that are not about an
 * item (the database is down) fail the whole batch at once, without retries.
 */
export class GroupCommit<In, Out> {
  private queue: Entry<In, Out>[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Runs one batch; returns one result per item, in order. */
    private readonly runBatch: (items: In[]) => Promise<Out[]>,
    private readonly maxConcurrentBatches = 4,
    private readonly maxBatch = 500,
    /** True when a failed batch's error may be caused by one item's data (so splitting can isolate it). */
    private readonly isItemError: (error: unknown) => boolean = () => false,
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxConcurrentBatches || !this.queue.length) return;
    this.scheduled = true;
    // Items submitted in the same event-loop turn go out together.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.maxConcurrentBatches || !this.queue.length) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.inFlight++;
    void this.runIsolating(batch).finally(() => {
      this.inFlight--;
      this.schedule();
    });
    this.schedule();
  }

  /** Runs a batch; on an item error, bisects it so only the offending items are rejected. Never rejects. */
  private async runIsolating(batch: Entry<In, Out>[]): Promise<void> {
    let results: Out[];
    try {
      results = await this.runBatch(batch.map((entry) => entry.item));
    } catch (error) {
      if (batch.length > 1 && this.isItemError(error)) {
        const half = Math.ceil(batch.length / 2);
        await this.runIsolating(batch.slice(0, half));
        await this.runIsolating(batch.slice(half));
      } else {
        for (const entry of batch) entry.reject(error);
      }
      return;
    }
    batch.forEach((entry, i) => entry.resolve(results[i]!));
  }
}

interface Entry<In, Out> {
  item: In;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}
