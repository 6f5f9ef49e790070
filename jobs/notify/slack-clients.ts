import { LogLevel, WebClient, type Logger as SlackLogger } from "@slack/web-api";
import type { Logger } from "../../core/logger.ts";

/**
 * One WebClient per bot token, pointed at SLACK_API_URL. It never retries or waits by itself
 * (`retries: 0`, `rejectRateLimitedCalls`): a 429 comes back as an error with `retryAfter`
 * and the job is rescheduled, so no worker ever sleeps on Slack.
 */
export class SlackClients {
  private readonly clients = new Map<string, WebClient>();

  constructor(
    private readonly slackApiUrl: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  for(token: string): WebClient {
    let client = this.clients.get(token);
    if (!client) {
      client = new WebClient(token, {
        slackApiUrl: this.slackApiUrl,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
        timeout: this.timeoutMs,
        logger: quietLogger(this.logger),
      });
      if (this.clients.size > 1_000) this.clients.clear();
      this.clients.set(token, client);
    }
    return client;
  }
}

/** The client's own chatter (it warns on every 429 we handle) goes to our log at debug; its debug output (requests) nowhere. */
function quietLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...msg: unknown[]) => logger.debug({ slack: msg.map(String).join(" ") }, "slack client warning"),
    error: (...msg: unknown[]) => logger.debug({ slack: msg.map(String).join(" ") }, "slack client error"),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
