import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { seedAccount } from "../support/seed-account.ts";
import { type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { startSlackBotService } from "../support/slack-bot-service.ts";
import { chooseIntegration, openDestinationCreation } from "../support/slack-destination-modal.ts";

/**
 * The review's SSRF through the Slack destination modal: the modal saves through the same core
 * function as the API, so a loopback webhook URL and a Host header are refused on their inputs,
 * and the internal listener is never connected to. OUTBOUND_ALLOWED_NETWORKS is empty here.
 */
let slack: FakeSlack;
let service: RunningService;
let driver: SlackDriver;
let internal: Server;
let internalPort: number;
let connections = 0;

beforeAll(async () => {
  internal = createServer((_req, res) => res.end('{"admin_secret":"internal-only"}'));
  internal.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => internal.listen(0, "127.0.0.1", resolve));
  internalPort = (internal.address() as AddressInfo).port;
  slack = await startFakeSlack();
  ({ service, driver } = await startSlackBotService(slack, { OUTBOUND_ALLOWED_NETWORKS: "", SLACK_CHANNEL_INTERVAL_MS: "0" }));
});

afterAll(async () => {
  await service?.close();
  await slack?.close();
  await new Promise((resolve) => internal?.close(resolve));
});

describe("webhook destinations created in Slack", () => {
  it("refuse loopback URLs (by address and by name) and Host headers on their inputs, without connecting", async () => {
    const paid = await seedAccount(service.prisma, { name: "Modal Attacker Co", plan: "paid" });
    const owner = { id: uniqueSlackUserId("SSRF"), email: paid.adminEmail };
    slack.addUser({ ...owner, realName: "Mal Lory" });
    const empty = await openDestinationCreation(driver, owner.id);
    const form = await chooseIntegration(driver, owner.id, empty, "webhook", "setting.webhook.url");

    for (const url of [
      `http://127.0.0.1:${internalPort}/admin/secrets`,
      `http://localhost:${internalPort}/admin/secrets`,
      `http://[::ffff:127.0.0.1]:${internalPort}/`,
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      const refused = await driver.submit(owner.id, form, { "setting.webhook.url": url, name: "Internal" });
      expect(refused.json, url).toMatchObject({
        response_action: "errors",
        errors: { "setting.webhook.url": "Destination address not allowed" },
      });
    }
    const hostHeader = await driver.submit(owner.id, form, {
      "setting.webhook.url": "https://hooks.example.com/leads",
      "setting.webhook.headers": "Host: internal.admin",
      name: "Internal",
    });
    expect(hostHeader.json).toMatchObject({
      response_action: "errors",
      errors: { "setting.webhook.headers": expect.stringContaining("Host") },
    });

    expect(await service.prisma.destination.count({ where: { accountId: paid.accountId } })).toBe(0);
    expect(connections).toBe(0);
  });
});
