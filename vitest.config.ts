import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Suites share one PostgreSQL database and one Redis; each uses its own accounts and queue
    // prefix, so files may run in parallel, but a 2-core machine gains little past two.
    maxWorkers: 2,
    testTimeout: 45_000,
    hookTimeout: 30_000,
  },
});
