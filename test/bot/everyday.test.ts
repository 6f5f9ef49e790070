import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import type { RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { replyBlocks, type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";
import { onboardHubSpotBuyer, type PartnerHubSpotBuyer } from "../support/partner-hubspot-buyer.ts";
import { waitFor } from "../support/wait-for.ts";
import { chooseIntegration, openDestinationCreation } from "../support/slack-destination-modal.ts";
import { MISSING_HUBSPOT_PROPERTY, mapOntoMissingHubSpotProperty } from "../support/missing-hubspot-property.ts";
import { expectNoRefusedViewsAfterEach, startSlackBotService } from "../support/slack-bot-service.ts";

/** Everyday use after onboarding: /leadrelay subcommands, the App Home, retry and mapping fixes. */
let slack: FakeSlack;
let hubspot: FakeHubSpot;
let service: RunningService;
let driver: SlackDriver;
let partner: PartnerHubSpotBuyer;
let destinationId: string;
const secretBox = new SecretBox(TEST_ENCRYPTION_KEY);
const buyerDomain = uniqueDomain("daily");
const sellerDomain = uniqueDomain("sellsdaily");
const BUYER = { id: uniqueSlackUserId("DAIL"), email: `dora@${buyerDomain}`, realName: "Dora Daily" };
const SELLER = { id: uniqueSlackUserId("SELL"), email: `sid@${sellerDomain}`, realName: "Sid Seller" };
const INVITEE = { id: uniqueSlackUserId("INVI"), email: `ivy@${uniqueDomain("invitee")}`, realName: "Ivy Invitee" };
const STRANGER = { id: uniqueSlackUserId("STRA"), email: `stan@${uniqueDomain("nowhere")}`, realName: "Stan Stranger" };
const FLAKY_TOKEN = "pat-na1-12121212-3434-4565-8787-909090909090";

beforeAll(async () => {
  slack = await startFakeSlack({ users: [BUYER, SELLER, INVITEE, STRANGER] });
  hubspot = await startFakeHubSpot({ tokens: { valid: [HUBSPOT_DEFAULT_TOKEN, FLAKY_TOKEN] } });
  ({ service, driver } = await startSlackBotService(slack, { HUBSPOT_API_URL: hubspot.url, SLACK_CHANNEL_INTERVAL_MS: "0" }));
  partner = await onboardHubSpotBuyer(
    service.prisma,
    secretBox,
    hubspot.url,
    { seller: { ...SELLER, company: "Daily Seller" }, buyer: { ...BUYER, company: "Daily Buyer" } },
    { name: "Daily HubSpot", accessToken: FLAKY_TOKEN },
  );
  destinationId = partner.destinationId;
});

expectNoRefusedViewsAfterEach(() => slack);

afterAll(async () => {
  await service?.close();
  await hubspot?.close();
  await slack?.close();
});

describe("everyday use", () => {
  it("/leadrelay help lists the subcommands; an unknown one gets the help too", async () => {
    for (const text of ["help", "", "frobnicate"]) {
      const res = await driver.command(BUYER.id, text);
      expect(res.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("/leadrelay invite &lt;email&gt;") });
    }
  });

  it("/leadrelay status shows the account, plan, connection, destination and the next step", async () => {
    const res = await driver.command(BUYER.id, "status");
    const text = JSON.stringify(res.json);
    expect(text).toContain("Daily Buyer");
    expect(text).toContain("LeadConduit for Partners (free)");
    expect(text).toContain("from *Daily Seller* (seller)");
    expect(text).toContain("Daily HubSpot");
    expect(text).toContain("send a test lead to *Daily HubSpot*");
  });

  it("answers someone without an account plainly", async () => {
    const res = await driver.command(STRANGER.id, "status");
    expect(res.json).toMatchObject({
      text: `No leadrelay account is linked to ${STRANGER.email}. Accept a seller's invitation to get one.`,
    });
  });

  it("/leadrelay test opens the test-lead form; the lead is delivered and the result lands in a new DM thread", async () => {
    const res = await driver.command(BUYER.id, "test");
    expect(res.status).toBe(200);
    const form = await waitFor("test lead modal", () => driver.view("test_lead_send"));
    await driver.submit(BUYER.id, form, { "lead.email": "daily.one@example.com", "lead.company": "" });
    const sending = await waitFor("Sending… message", () => driver.messages("Sending a test lead to *Daily HubSpot*")[0]);
    const result = await waitFor(
      "result",
      () => driver.messages("Test lead delivered", sending.ts).find((m) => m.thread_ts === sending.ts),
      15_000,
    );
    expect(JSON.stringify(result.blocks)).toContain("Daily HubSpot");
    const contact = hubspot.contactsByEmail("daily.one@example.com")[0];
    expect(contact?.properties.company ?? "").toBe("");
  });

  it("/leadrelay events lists the latest events with outcomes, not the bot's own notifications", async () => {
    // The test result posted above is recorded as a notification event: the newest one, which buyers were shown first.
    await waitFor("notification event", () =>
      service.prisma.event.findFirst({ where: { accountId: partner.buyer.accountId, type: "notification" } }),
    );
    const res = await driver.command(BUYER.id, "events");
    const text = JSON.stringify(res.json);
    expect(text).toContain("Latest events of Daily Buyer");
    expect(text).toMatch(/delivery\*? _\(test\)_: HubSpot contact \d+ created/);
    expect(text).not.toContain("notification");
    expect(text).not.toContain("test result posted");
  });

  it("the App Home shows account, connections, destinations with their last delivery, events and buttons", async () => {
    await driver.event({ type: "app_home_opened", user: BUYER.id, channel: "D0DAILY", tab: "home", event_ts: "1700000000.000200" });
    const home = await waitFor("home", () => slack.openedViews().find((v) => v.type === "home" && v.user_id === BUYER.id));
    const text = JSON.stringify(home.blocks);
    expect(text).toContain("Daily Buyer");
    expect(text).toContain("*Daily HubSpot* (HubSpot)");
    expect(text).not.toContain("(hubspot)");
    expect(text).toContain("last delivery delivered (test)");
    expect(text).toContain("Recent events");
    expect(text).not.toContain("notification");
    expect(text).not.toContain("test result posted");
    expect(text).toContain("destination_edit_mappings");
  });

  it("edits field mappings from the App Home, with problems shown on the input", async () => {
    const home = slack.openedViews().find((v) => v.type === "home" && v.user_id === BUYER.id)!;
    const modal = await driver.modalOpenedBy("destination_mappings", () =>
      driver.clickIn(BUYER.id, home.blocks, "destination_edit_mappings", { type: "view", view: home }),
    );
    expect(JSON.stringify(modal.blocks)).toContain("email = {{lead.email}}");
    const bad = await driver.submit(BUYER.id, modal, { mappings: "email = {{lead.email}}\nnope = {{lead.first_name}}" });
    expect(bad.json).toEqual({ response_action: "errors", errors: { mappings: "HubSpot has no property nope" } });
    const good = await driver.submit(BUYER.id, modal, {
      mappings: "email = {{lead.email}}\nfirstname = {{lead.first_name}}\nlastname = {{lead.last_name}}",
    });
    expect(good.status).toBe(200);
    await waitFor("confirmation", () => driver.messages("field mappings of *Daily HubSpot* are updated and verified")[0]);
    const stored = await service.prisma.destination.findUniqueOrThrow({ where: { id: destinationId } });
    expect(stored.mappings).toHaveLength(3);
  });

  it("Retry resumes the lead that waited on a broken token once HubSpot takes it again", async () => {
    hubspot.revokeToken(FLAKY_TOKEN);
    await driver.command(BUYER.id, "test");
    const form = await waitFor("test lead modal", () => driver.view("test_lead_send"));
    await driver.submit(BUYER.id, form, { "lead.email": "daily.retry@example.com" });
    const failure = await waitFor("failure", () => driver.messages("Test lead failed").at(-1), 15_000);
    hubspot.addToken(FLAKY_TOKEN);
    await driver.click(BUYER.id, failure, "destination_retry");
    await waitFor("retrying", () => driver.messages("Retrying 1 waiting lead to Daily HubSpot")[0]);
    await waitFor("delivered after retry", () => hubspot.contactsByEmail("daily.retry@example.com")[0], 15_000);
    const thread = failure.thread_ts!;
    await waitFor(
      "success in the failure's thread",
      () => driver.messages("Test lead delivered", thread).find((m) => m.thread_ts === thread && m.ts > failure.ts),
      15_000,
    );
  });

  it("Retry on a failed test lead re-sends that lead (same fields), so the fixed mapping shows with the same data", async () => {
    // A mapping onto a property HubSpot does not have: HubSpot answers 400 and the test lead fails.
    const mapping = await mapOntoMissingHubSpotProperty(service.prisma, destinationId);
    await driver.command(BUYER.id, "test");
    const form = await waitFor("test lead modal", () => driver.view("test_lead_send"));
    await driver.submit(BUYER.id, form, { "lead.email": "daily.same@example.com", "lead.company": "", "lead.first_name": "Samira" });
    const failure = await waitFor(
      "failure",
      () =>
        driver
          .messages(MISSING_HUBSPOT_PROPERTY)
          .filter((m) => m.text?.includes("Test lead failed"))
          .at(-1),
      15_000,
    );
    expect(hubspot.contactsByEmail("daily.same@example.com")).toHaveLength(0);

    await mapping.fix();
    await driver.click(BUYER.id, failure, "destination_retry");
    const contact = await waitFor(
      "the same lead delivered after the fix",
      () => hubspot.contactsByEmail("daily.same@example.com")[0],
      15_000,
    );
    expect(contact.properties.firstname).toBe("Samira");
    const sent = await service.prisma.lead.findMany({
      where: { accountId: partner.buyer.accountId, isTest: true },
      orderBy: { id: "desc" },
      take: 2,
    });
    expect(sent.map((lead) => JSON.stringify(lead.raw))).toEqual([
      expect.stringContaining("daily.same@example.com"),
      expect.stringContaining("daily.same@example.com"),
    ]);
    // Blank stays blank: the retried lead is not topped up with the sample's company.
    expect((sent[0]!.raw as Record<string, unknown>).company).toBe("");
    expect(hubspot.contactsByEmail("test.lead@example.com").filter((c) => c.properties.firstname === "Samira")).toHaveLength(0);
  });

  it("/leadrelay invite lets a seller invite a buyer, who is DM'd in Slack", async () => {
    const res = await driver.command(SELLER.id, `invite <mailto:${INVITEE.email}|${INVITEE.email}> first_name,last_name,email`);
    expect(res.json).toMatchObject({
      text: expect.stringContaining(
        `Invited ${INVITEE.email} to connect with Daily Seller. If they are in a Slack workspace with leadrelay, they get a direct message too.`,
      ),
    });
    // The answer never names the person's Slack handle (nor says whether Slack knows them).
    expect(JSON.stringify(res.json)).not.toMatch(/Sent in Slack|\s@/);
    const dm = await waitFor("invitee DM", () =>
      driver.messages("Daily Seller invites you").find((m) => JSON.stringify(m.blocks).includes("Sid Seller")),
    );
    expect(JSON.stringify(dm.blocks)).toContain("`last_name`");
    const invitation = await service.prisma.invitation.findFirstOrThrow({ where: { email: INVITEE.email } });
    expect(invitation.fields).toEqual(["first_name", "last_name", "email"]);
    const bad = await driver.command(SELLER.id, "invite not-an-email");
    expect(bad.json).toMatchObject({ text: expect.stringContaining("Usage: /leadrelay invite") });
  });

  it("/leadrelay destinations lists them with their health and fixes", async () => {
    const res = await driver.command(BUYER.id, "destinations");
    const text = JSON.stringify(replyBlocks(res));
    expect(text).toContain("Daily HubSpot");
    expect(text).toContain(":large_green_circle: healthy");
    for (const action of ["test_lead_open", "destination_update_credentials", "destination_edit_mappings"]) expect(text).toContain(action);
  });

  it("“Create destination” picks the integration inside the modal (dispatch_action → views.update)", async () => {
    // A paid account may have several destinations.
    const paid = await seedAccount(service.prisma, { name: "Paid Daily Co", plan: "paid" });
    const owner = { id: uniqueSlackUserId("PAID"), email: paid.adminEmail };
    slack.addUser({ ...owner, realName: "Ada Admin" });
    const empty = await openDestinationCreation(driver, owner.id);
    expect(JSON.stringify(empty.blocks)).not.toContain("setting.webhook.url");
    // Slack refuses a modal with input blocks and no submit (the fake does too): submit is there,
    // and submitting before choosing answers on the integration input.
    expect(empty.submit).toMatchObject({ type: "plain_text", text: "Save and verify" });
    const unchosen = await driver.submit(owner.id, empty);
    expect(unchosen.json).toMatchObject({ response_action: "errors", errors: { integration: "Choose where leads go" } });

    const webhookForm = await chooseIntegration(driver, owner.id, empty, "webhook", "setting.webhook.url");
    const text = JSON.stringify(webhookForm.blocks);
    expect(text).toContain('"initial_value":"Webhook"');
    expect(text).toContain("first_name = {{lead.first_name}}");

    const unreachable = await driver.submit(owner.id, webhookForm, { "setting.webhook.url": "https://unreachable.invalid/leads" });
    expect(unreachable.json).toMatchObject({
      response_action: "errors",
      errors: { "setting.webhook.url": expect.stringContaining("Cannot reach unreachable.invalid") },
    });
    const saved = await driver.submit(owner.id, webhookForm, { "setting.webhook.url": `${service.url}/health`, name: "Paid hook" });
    expect(saved.json).toMatchObject({ response_action: "update", view: { callback_id: "test_lead_send" } });
    expect(await service.prisma.destination.count({ where: { accountId: paid.accountId, name: "Paid hook" } })).toBe(1);
    await waitFor("ready message in a new DM", () => driver.messages("*Paid hook* (Webhook) is set up")[0]);
  });

  it("a partner account at its one destination is told so instead of getting the modal", async () => {
    const list = await driver.command(BUYER.id, "destinations");
    expect(JSON.stringify(list.json)).toContain("have one destination");
    expect(JSON.stringify(list.json)).not.toContain('"destination_create"');
    const status = await driver.command(BUYER.id, "status");
    expect(JSON.stringify(status.json)).not.toContain('"destination_create"');
  });

  it("routes /leadrelay alerts to the alerts handler", async () => {
    const res = await driver.command(BUYER.id, "alerts");
    expect(res.json).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("delivery alerts") });
  });

  it("never sent a credential or posting key to Slack", async () => {
    const everything = JSON.stringify(slack.calls());
    expect(everything).not.toContain(FLAKY_TOKEN);
    expect(everything).not.toContain(partner.postingKey);
  });
});
