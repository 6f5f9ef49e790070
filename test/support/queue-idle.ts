import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { waitFor } from "./wait-for.ts";

/**
 * Waits until a queue has nothing left to do — no waiting, active, delayed or prioritized job —
 * seen twice in a row (a job that is finishing may add the next one). This is how a test says
 * "nothing more happens" without a fixed sleep: once the notify queue is idle, no further
 * Slack message can come from what the test did.
 */
export async function waitForQueueIdle(connection: Redis, prefix: string, name: string, timeoutMs = 15_000): Promise<void> {
  const queue = new Queue(name, { connection, prefix });
  try {
    let idleBefore = false;
    await waitFor(
      `queue ${name} to be idle`,
      async () => {
        const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
        const idle = Object.values(counts).every((n) => n === 0);
        const settled = idle && idleBefore;
        idleBefore = idle;
        return settled || null;
      },
      timeoutMs,
      100,
    );
  } finally {
    await queue.close();
  }
}
