/**
 * Natural batching for one kind of statement: items submitted while earlier batches are in
 * flight are sent together as ONE statement when a slot frees up. At low traffic a batch is a
 * single item and nothing waits; under load, round trips (and commits) per item fall with the
 * batch size. Each caller gets its own result; if the batch fails, every caller in it gets the error.
 */
export class GroupCommit<In, Out> {
  private queue: { item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    /** Runs one batch; returns one result per item, in order. */
    private readonly runBatch: (items: In[]) => Promise<Out[]>,
    private readonly maxConcurrentBatches = 4,
    private readonly maxBatch = 500,
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
    this.runBatch(batch.map((entry) => entry.item))
      .then(
        (results) => batch.forEach((entry, i) => entry.resolve(results[i]!)),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        this.inFlight--;
        this.schedule();
      });
    this.schedule();
  }
}
