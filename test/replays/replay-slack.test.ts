import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeChannel } from "../../core/alerts/subscribe-channel.ts";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { onboardInvitedBuyer, type PartnerOnboarding } from "../../core/partners/onboard-invited-buyer.ts";
import { RedisAudienceVersions } from "../../jobs/notify/alert-audience-cache.ts";
import type { RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../fakes/slack.ts";
import { deleteAccounts } from "../support/delete-accounts.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { replyBlocks, type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { chooseIntegration, openDestinationCreation } from "../support/slack-destination-modal.ts";
import { mapOntoMissingHubSpotProperty } from "../support/missing-hubspot-property.ts";
import { expectNoRefusedViewsAfterEach, startSlackBotService } from "../support/slack-bot-service.ts";

/**
 * Replay from Slack, end to end: the fake Slack (every view checked), the fake HubSpot, real
 * deliveries. A partner buyer whose seller posted before the destination existed; later leads
 * that fail for good (a mapping HubSpot refuses) and one that waits on a revoked token.
 */
const RUN = randomBytes(3).toString("hex").toUpperCase();
const ALERTS = `CALERT${RUN}`;
const TOKEN_BLOCK = "cred.hubspot.private-app.accessToken";
const buyerDomain = uniqueDomain("replay");
const BUYER = { id: uniqueSlackUserId("RPLY"), email: `rita@${buyerDomain}`, realName: "Rita Replay" };
const SELLER = { id: uniqueSlackUserId("RSEL"), email: `sam@${uniqueDomain("replayseller")}`, realName: "Sam Seller" };
const OTHER_ID = uniqueSlackUserId("ROTH");

let slack: FakeSlack;
let hubspot: FakeHubSpot;
let service: RunningService;
let driver: SlackDriver;
let partner: PartnerOnboarding;
let redis: Redis;
let destinationId: string;
let queuePrefix: string;
const accounts: string[] = [];
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);

beforeAll(async () => {
  slack = await startFakeSlack({ users: [BUYER, SELLER], channels: [{ id: ALERTS, name: `alerts-${RUN.toLowerCase()}` }] });
  hubspot = await startFakeHubSpot({ tokens: { valid: [HUBSPOT_DEFAULT_TOKEN] } });
  const started = await startSlackBotService(slack, {
    HUBSPOT_API_URL: hubspot.url,
    SLACK_CHANNEL_INTERVAL_MS: "0",
    ALERT_UPDATE_DELAY_MS: "300",
    REPLAY_RATE_PER_SECOND: "20",
  });
  ({ service, driver } = started);
  const config = started.config;
  queuePrefix = config.QUEUE_PREFIX;
  // Someone of another account, in the same workspace: must not be able to replay the buyer's leads.
  const other = await seedAccount(service.prisma, { name: "Other Co", plan: "paid" });
  slack.addUser({ id: OTHER_ID, email: other.adminEmail, realName: "Olga Other" });
  redis = new Redis(config.REDIS_URL);
  partner = await onboardInvitedBuyer(service.prisma, secretBox, {
    publicUrl: "http://localhost",
    seller: { name: "Replay Seller", adminEmail: SELLER.email, adminName: SELLER.realName },
    buyer: { email: BUYER.email, name: BUYER.realName, company: "Replay Buyer" },
  });
  accounts.push(partner.buyer.accountId, partner.seller.accountId, other.accountId);
  // Subscribed before any of the buyer's leads exists: a process sees a subscription change within
  // its audience check (1 s); subscribing here keeps the failure test from racing that window.
  await subscribeChannel(
    service.prisma,
    { accountId: partner.buyer.accountId, teamId: "T0001", channelId: ALERTS, level: "failures" },
    new RedisAudienceVersions(redis, queuePrefix),
  );
});

expectNoRefusedViewsAfterEach(() => slack);

afterAll(async () => {
  await deleteAccounts(service?.prisma, accounts);
  await service?.close();
  redis?.disconnect();
  await hubspot?.close();
  await slack?.close();
});

async function post(email: string): Promise<string> {
  const res = await fetch(partner.submitUrl.replace(/^https?:\/\/[^/]+/, service.url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${partner.postingKey}` },
    body: JSON.stringify({ first_name: "Rex", last_name: "Replay", email, company: "Replay Co" }),
  });
  const body = (await res.json()) as { outcome: string; lead: { id: string } };
  expect(body.outcome).toBe("success");
  return body.lead.id;
}

async function statusOf(leadId: string) {
  return (await service.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).status;
}

function buttonsOf(message: SlackMessage | { blocks?: unknown }): { action_id: string; text: string; value: string }[] {
  return (
    (message.blocks ?? []) as { type: string; elements?: { type: string; action_id?: string; value?: string; text?: { text: string } }[] }[]
  )
    .filter((block) => block.type === "actions")
    .flatMap((block) => block.elements ?? [])
    .map((element) => ({ action_id: String(element.action_id), text: element.text?.text ?? "", value: String(element.value) }));
}

describe("replay in Slack", () => {
  it("offers to deliver the leads that arrived before the destination, delivers each once, and tells how it went", async () => {
    const early = [await post("early.one@example.com"), await post("early.two@example.com")];
    expect(await service.prisma.delivery.count({ where: { leadId: { in: early } } })).toBe(0);

    // Create the destination from `/leadrelay destinations`.
    const empty = await openDestinationCreation(driver, BUYER.id);
    const form = await chooseIntegration(driver, BUYER.id, empty, "hubspot", TOKEN_BLOCK);
    const saved = await driver.submit(BUYER.id, form, { [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN, name: "Replay HubSpot" });
    expect(saved.status).toBe(200);
    const ready = await waitFor("ready message", () => driver.messages("*Replay HubSpot* (HubSpot) is set up")[0]);
    destinationId = (await service.prisma.destination.findFirstOrThrow({ where: { accountId: partner.buyer.accountId } })).id;
    expect(buttonsOf(ready)).toContainEqual({
      action_id: "destination_replay_undelivered",
      text: "Deliver the 2 leads that arrived before this destination",
      value: destinationId,
    });
    expect(JSON.stringify(ready.blocks)).toContain("2 leads arrived before *Replay HubSpot* was attached");
    expect(hubspot.contactsByEmail("early.one@example.com")).toHaveLength(0);

    await driver.click(BUYER.id, ready, "destination_replay_undelivered");
    await waitFor("the answer", () => driver.messages("Delivering 2 leads that arrived before Replay HubSpot was attached")[0]);
    await waitFor("both delivered", async () => (await Promise.all(early.map(statusOf))).every((s) => s === "delivered"), 15_000);
    const outcome = await waitFor(
      "the outcome in the thread",
      () => driver.messages("The 2 leads that arrived before Replay HubSpot: 2 delivered, 0 failed.")[0],
      15_000,
    );
    expect(outcome.thread_ts ?? outcome.ts).toBe(ready.thread_ts ?? ready.ts);

    // Pressed again: nothing is sent twice.
    await driver.click(BUYER.id, ready, "destination_replay_undelivered");
    await waitFor(
      "nothing to deliver",
      () => driver.messages("Every lead of the last 31 days already has a delivery to Replay HubSpot")[0],
    );
    expect(hubspot.contactsByEmail("early.one@example.com")).toHaveLength(1);
    expect(hubspot.contactsByEmail("early.two@example.com")).toHaveLength(1);
    const events = await service.prisma.event.findMany({ where: { leadId: { in: early }, type: "recipient" } });
    expect(events.map((e) => (e.snapshot as { replay?: boolean }).replay)).toEqual([true, true]);
  }, 60_000);

  it("offers Resend N failed leads on the failure alert and after a fix, tells how the waiting leads went, and resends each failed lead once", async () => {
    // A property HubSpot does not have: a final failure for each lead.
    const mapping = await mapOntoMissingHubSpotProperty(service.prisma, destinationId);
    const failed = [await post("failed.one@example.com"), await post("failed.two@example.com")];
    await waitFor("both failed", async () => (await Promise.all(failed.map(statusOf))).every((s) => s === "failed"), 15_000);
    const alert = await waitFor(
      "the failure alert with Resend 2",
      () => slack.postedMessages(ALERTS).find((m) => buttonsOf(m).some((b) => b.text === "Resend 2 failed leads")),
      15_000,
    );
    expect(buttonsOf(alert)).toContainEqual({
      action_id: "destination_replay_failed",
      text: "Resend 2 failed leads",
      value: destinationId,
    });

    // Someone of another account presses it (or forges the id): not found, nothing resent.
    await driver.click(OTHER_ID, alert, "destination_replay_failed");
    await waitFor("the refusal", () => driver.messages("No destination with this id in your account").at(-1));
    const forged = {
      ...alert,
      blocks: JSON.parse(JSON.stringify(alert.blocks).replaceAll(destinationId, partner.buyer.accountId)) as unknown[],
    };
    await driver.click(BUYER.id, forged, "destination_replay_failed");
    await waitFor("the refusal of a made-up id", () => driver.messages("No destination with this id in your account").length >= 2 || null);
    expect(await Promise.all(failed.map(statusOf))).toEqual(["failed", "failed"]);

    // The mapping is fixed; then a token revoked: one more lead waits on the unhealthy destination.
    await mapping.fix();
    hubspot.revokeToken(HUBSPOT_DEFAULT_TOKEN);
    const waiting = await post("waiting.one@example.com");
    await waitFor(
      "the lead to wait",
      async () => (await service.prisma.delivery.findFirst({ where: { leadId: waiting, status: "waiting" } })) ?? null,
      15_000,
    );
    hubspot.addToken(HUBSPOT_DEFAULT_TOKEN);

    // Update credentials (from /leadrelay destinations): the fix message offers Resend 2, retries the waiting one...
    const list = await driver.command(BUYER.id, "destinations");
    const credentials = await driver.modalOpenedBy("destination_credentials", () =>
      driver.clickIn(BUYER.id, replyBlocks(list), "destination_update_credentials", { type: "ephemeral", channelId: "C0GENERAL" }),
    );
    expect((await driver.submit(BUYER.id, credentials, { "cred.accessToken": HUBSPOT_DEFAULT_TOKEN })).status).toBe(200);
    const fixed = await waitFor(
      "the fix message",
      () => driver.messages("credentials of *Replay HubSpot* are updated and verified").at(-1),
      15_000,
    );
    expect(fixed.text).toContain("Retrying 1 waiting lead");
    expect(buttonsOf(fixed)).toContainEqual({
      action_id: "destination_replay_failed",
      text: "Resend 2 failed leads",
      value: destinationId,
    });
    // ... and says how the waiting lead went once it is final.
    await waitFor("the waiting lead to be delivered", async () => (await statusOf(waiting)) === "delivered" || null, 30_000);
    const waitedFor = await waitFor(
      "the waiting leads' outcome",
      () => driver.messages("The 1 lead that was waiting on Replay HubSpot: 1 delivered, 0 failed.")[0],
      30_000,
    );
    expect(waitedFor.thread_ts ?? waitedFor.ts).toBe(fixed.thread_ts ?? fixed.ts);
    expect(hubspot.contactsByEmail("waiting.one@example.com")).toHaveLength(1);

    // Resend from the fix message: both delivered, told in the thread; a second press sends nothing.
    await driver.click(BUYER.id, fixed, "destination_replay_failed");
    await waitFor("the answer", () => driver.messages("Resending 2 leads that failed to Replay HubSpot")[0]);
    await waitFor("both delivered", async () => (await Promise.all(failed.map(statusOf))).every((s) => s === "delivered"), 15_000);
    await waitFor("the replay's outcome", () => driver.messages("The 2 leads resent to Replay HubSpot: 2 delivered, 0 failed.")[0], 30_000);
    await driver.click(BUYER.id, alert, "destination_replay_failed");
    await waitFor("nothing to resend", () => driver.messages("No failed leads of the last 31 days to resend to Replay HubSpot")[0]);
    expect(hubspot.contactsByEmail("failed.one@example.com")).toHaveLength(1);
    expect(hubspot.contactsByEmail("failed.two@example.com")).toHaveLength(1);
  }, 120_000);

  it("/leadrelay replay explains both buttons and lists what each destination has to replay", async () => {
    const res = await driver.command(BUYER.id, "replay");
    const text = JSON.stringify(res.json);
    expect(text).toContain("*Resend N failed leads*");
    expect(text).toContain("*Deliver the N leads that arrived before this destination*");
    expect(text).toContain("never send a lead twice");
    expect(text).toContain("POST /destinations/{id}/replay");
    expect(text).toContain("*Replay HubSpot*: nothing to replay.");
    const help = await driver.command(BUYER.id, "help");
    expect(JSON.stringify(help.json)).toContain("/leadrelay replay");
  });
});
