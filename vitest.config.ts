import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Suites share one PostgreSQL database and one Redis; each uses its own accounts and queue
    // prefix, so files may run in parallel, but a 2-core machine gains little past two.
    maxWorkers: 2,
    // Files in one worker share its module graph instead of each importing Prisma, Bolt, BullMQ,
    // Hono and the app again: import was most of a file's time (a whole run took half as long).
    // Safe here because suites keep their state in what they start (services, fakes, accounts,
    // queue prefixes), not in module globals, and restore the one spy they set (templates).
    isolate: false,
    testTimeout: 45_000,
    hookTimeout: 30_000,
  },
});
