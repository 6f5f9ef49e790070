import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackTokenResolver } from "../../slack/slack-token-resolver.ts";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createPrisma, type PrismaClient } from "../../core/db/prisma.ts";
import { newId } from "../../core/ids.ts";
import { createLogger } from "../../core/logger.ts";
import { startNotifyRuntime } from "../../jobs/notify-runtime.ts";
import { TEST_DATABASE_URL } from "../support/env.ts";
import { TEST_ENCRYPTION_KEY, testConfig } from "../support/test-config.ts";

const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
let prisma: PrismaClient;

beforeAll(() => {
  prisma = createPrisma(TEST_DATABASE_URL, 2);
});
afterAll(async () => {
  await prisma?.$disconnect();
});

describe("notify set-up", () => {
  it("does nothing without Slack: no worker, no listener", () => {
    expect(startNotifyRuntime(testConfig(), { prisma, secretBox }, createLogger("silent"))).toBeUndefined();
  });

  it("uses a workspace's installed token, else SLACK_BOT_TOKEN, else none", async () => {
    const teamId = `T${newId().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
    await prisma.slackInstallation.create({
      data: { id: newId(), teamId, botToken: secretBox.seal("xoxb-installed"), installation: secretBox.sealJson({}) },
    });
    const single = createSlackTokenResolver({ prisma, secretBox, defaultToken: "xoxb-single" });
    expect(await single.resolveBotToken(teamId)).toBe("xoxb-installed");
    expect(await single.resolveBotToken("T0NOTINSTALLED")).toBe("xoxb-single");
    const oauthOnly = createSlackTokenResolver({ prisma, secretBox });
    expect(await oauthOnly.resolveBotToken("T0NOTINSTALLED")).toBeNull();
  });
});
