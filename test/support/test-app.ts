import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "./api-client.ts";
import { testConfig } from "./test-config.ts";

export interface TestApp extends RunningService {
  /** An unauthenticated client of this app (`api.as(key)` for one with a key). */
  api: ApiClient;
}

/**
 * The service wired as in production (same Postgres, Redis, limits, Slack bot if configured) but
 * with no delivery workers and no socket: requests go straight into the app through
 * `app.fetch`/`api`. For API suites that need neither a worker nor a real connection.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const service = await startService(testConfig({ RUN_WORKERS: "false", ...overrides }), createLogger("silent"), { listen: false });
  return { ...service, api: new ApiClient(service.url, undefined, service.fetch) };
}
