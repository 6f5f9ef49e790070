import { afterEach, expect } from "vitest";
import type { Config } from "../../core/config.ts";
import { createLogger, type Logger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SLACK_DEFAULT_TOKEN, type FakeSlack } from "../fakes/slack.ts";
import { SlackDriver, TEST_SIGNING_SECRET } from "./slack-driver.ts";
import { testConfig } from "./test-config.ts";

export interface SlackBotService {
  service: RunningService;
  /** Acts as Slack users against the service's bot (signed requests, the fake's API). */
  driver: SlackDriver;
  config: Config;
}

/**
 * A service whose Slack bot (HTTP events, signed with TEST_SIGNING_SECRET) talks to the fake
 * Slack, and a driver for it. `overrides` are the suite's own settings (workers, other fakes).
 * TEST_LOG_LEVEL shows the service's log when a suite needs debugging.
 */
export async function startSlackBotService(
  slack: FakeSlack,
  overrides: Record<string, string> = {},
  logger: Logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
): Promise<SlackBotService> {
  const config = testConfig({
    SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`,
    ...overrides,
  });
  const service = await startService(config, logger);
  return { service, driver: new SlackDriver(service.url, slack), config };
}

/**
 * A service in multi-workspace mode ("Add to Slack": no bot token of its own, the fake Slack's
 * OAuth client) and a driver that acts in `team`. The suite removes the team's installation row
 * when it is done (an installation row outlives the service).
 */
export async function startMultiWorkspaceService(
  slack: FakeSlack,
  team: { id: string; domain: string },
  overrides: Record<string, string> = {},
  logger: Logger = createLogger(process.env.TEST_LOG_LEVEL ?? "silent"),
): Promise<SlackBotService> {
  const config = testConfig({
    SLACK_CLIENT_ID: slack.oauthClient.clientId,
    SLACK_CLIENT_SECRET: slack.oauthClient.clientSecret,
    SLACK_STATE_SECRET: "state-secret-for-tests-0123456789",
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: `${slack.url}/api/`,
    ...overrides,
  });
  const service = await startService(config, logger);
  return { service, driver: new SlackDriver(service.url, slack, { id: team.id, domain: team.domain }), config };
}

/** After every test: each view the bot opened, updated or published passed Slack's view rules (the fake refuses the rest). */
export function expectNoRefusedViewsAfterEach(slack: () => FakeSlack): void {
  afterEach(() => {
    expect(slack().refusedViews()).toEqual([]);
  });
}
