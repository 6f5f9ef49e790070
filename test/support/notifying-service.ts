import { WebClient } from "@slack/web-api";
import { Redis } from "ioredis";
import { expect } from "vitest";
import type { Config } from "../../core/config.ts";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { newId } from "../../core/ids.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { SLACK_DEFAULT_TOKEN, startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { deleteAccounts } from "./delete-accounts.ts";
import { TEST_TEAM } from "./slack-driver.ts";
import { seedWebhookBuyer, type SeededBuyer } from "./seed-buyer.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "./test-config.ts";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.ts";

/** What the alert suites run against; `close()` also deletes the buyers `webhookBuyer` seeded. */
export interface NotifyingService {
  slack: FakeSlack;
  receiver: WebhookReceiver;
  service: RunningService;
  config: Config;
  /** A connection of the suite's own to the service's Redis (queues, audience versions). */
  redis: Redis;
  /** Buyers seeded so far, in order. */
  buyers: (SeededBuyer & { destinationId: string })[];
  /** A buyer whose one destination is a webhook to `path` on the receiver. */
  webhookBuyer(path: string): Promise<SeededBuyer & { destinationId: string }>;
  /**
   * The bot's onboarding thread for the buyer's destination, as the bot leaves it: a root message
   * in `channelId` and its slack_threads row. Returns the thread's ts.
   */
  openOnboardingThread(buyer: SeededBuyer & { destinationId: string }, channelId: string): Promise<string>;
  /** POST /destinations/{id}/test, as "Send test lead" does; returns the test lead's id. */
  sendTestLead(buyer: SeededBuyer & { destinationId: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A service whose workers deliver to a local webhook receiver and notify the fake Slack with the
 * single-workspace bot token, where `channels` exist. The buyers are deleted on close: a later
 * run's sweeper would otherwise pick up deliveries they left waiting.
 */
export async function startNotifyingService(channels: string[], overrides: Record<string, string> = {}): Promise<NotifyingService> {
  const slack = await startFakeSlack({ channels: channels.map((id) => ({ id, name: id.toLowerCase() })) });
  const receiver = await startWebhookReceiver();
  const config = testConfig({ SLACK_BOT_TOKEN: SLACK_DEFAULT_TOKEN, SLACK_API_URL: `${slack.url}/api/`, ...overrides });
  const service = await startService(config, createLogger("silent"));
  const redis = new Redis(config.REDIS_URL);
  const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
  const buyers: (SeededBuyer & { destinationId: string })[] = [];
  return {
    slack,
    receiver,
    service,
    config,
    redis,
    buyers,
    async webhookBuyer(path) {
      const buyer = await seedWebhookBuyer(service.prisma, secretBox, `${receiver.url}${path}`);
      buyers.push(buyer);
      return buyer;
    },
    async openOnboardingThread(buyer, channelId) {
      const root = await new WebClient(SLACK_DEFAULT_TOKEN, { slackApiUrl: `${slack.url}/api/` }).chat.postMessage({
        channel: channelId,
        text: "Let's connect your destination",
      });
      await service.prisma.slackThread.create({
        data: {
          id: newId(),
          accountId: buyer.accountId,
          destinationId: buyer.destinationId,
          teamId: TEST_TEAM.id,
          channelId,
          threadTs: String(root.ts),
        },
      });
      return String(root.ts);
    },
    async sendTestLead(buyer) {
      const res = await fetch(`${service.url}/destinations/${buyer.destinationId}/test`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${buyer.accountKey}` },
        body: "{}",
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { lead_id: string }).lead_id;
    },
    async close() {
      await deleteAccounts(
        service.prisma,
        buyers.map((buyer) => buyer.accountId),
      );
      await service.close();
      redis.disconnect();
      await receiver.close();
      await slack.close();
    },
  };
}
