import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../../server/service.ts";
import { HUBSPOT_DEFAULT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspot.ts";
import { SALESFORCE_DEFAULT_CLIENT, startFakeSalesforce, type FakeSalesforce } from "../fakes/salesforce.ts";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { invite } from "../support/invitation-flow.ts";
import { TestBrowser } from "../support/oauth-browser.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { expectNoRefusedViewsAfterEach, startSlackBotService } from "../support/slack-bot-service.ts";
import { waitFor } from "../support/wait-for.ts";

/**
 * The buyer journey in Slack, end to end over HTTP: a seller invites by email over the API, the
 * buyer gets the DM, accepts, names their company, creates a HubSpot destination (verified
 * against the fake HubSpot), sends a test lead and sees it delivered, all through the real Bolt
 * app, real Postgres/Redis, the delivery worker and the notify worker.
 */
let slack: FakeSlack;
let hubspot: FakeHubSpot;
let salesforce: FakeSalesforce;
let service: RunningService;
let driver: SlackDriver;

const domain = uniqueDomain("buyerco");
const BUYER = { id: uniqueSlackUserId("BUYE"), email: `bob@${domain}`, realName: "Bob Buyer" };
const FIXER = { id: uniqueSlackUserId("FIXE"), email: `fay@${uniqueDomain("fixco")}`, realName: "Fay Fixer" };
const SLOW = { id: uniqueSlackUserId("SLOW"), email: `sam@${uniqueDomain("slowco")}`, realName: "Sam Slow" };
const FORCE = { id: uniqueSlackUserId("SFDC"), email: `sal@${uniqueDomain("forceco")}`, realName: "Sal Force" };
const BAD = { id: uniqueSlackUserId("BADT"), email: `ben@${uniqueDomain("badco")}`, realName: "Ben Bad" };
const CLOSER = { id: uniqueSlackUserId("SFCL"), email: `cat@${uniqueDomain("closerco")}`, realName: "Cat Closer" };
const ROTATED_TOKEN = "pat-na1-11111111-2222-4333-8444-555555555555";
const NEW_TOKEN = "pat-na1-99999999-8888-4777-8666-555555555555";
const WRONG_TOKEN = "pat-na1-00000000-dead-4bee-8fff-000000000000";

beforeAll(async () => {
  slack = await startFakeSlack({ users: [BUYER, FIXER, SLOW, BAD, FORCE, CLOSER] });
  salesforce = await startFakeSalesforce();
  hubspot = await startFakeHubSpot({ tokens: { valid: [HUBSPOT_DEFAULT_TOKEN, ROTATED_TOKEN, NEW_TOKEN] } });
  ({ service, driver } = await startSlackBotService(slack, {
    HUBSPOT_API_URL: hubspot.url,
    SALESFORCE_LOGIN_URL: salesforce.url,
    SLACK_ACK_BUDGET_MS: "800",
    SLACK_CHANNEL_INTERVAL_MS: "0",
  }));
});

expectNoRefusedViewsAfterEach(() => slack);

afterAll(async () => {
  await service?.close();
  await hubspot?.close();
  await salesforce?.close();
  await slack?.close();
});

/** A seller (its own account and API key) invites the email over the management API. */
async function sellerInvites(email: string, name = "Lead Seller Inc") {
  const seller = await seedAccount(service.prisma, { name, plan: "paid" });
  const client = new ApiClient(service.url, seller.accountKey);
  const sent = await invite(client, email, { fields: ["first_name", "last_name", "email", "phone_1"] });
  return { seller, client, sent };
}

/** From the invitation DM to a connected partner account with the destination choice in the thread. */
async function acceptAsNewPerson(person: { id: string; email: string }, company: string) {
  const { client, sent } = await sellerInvites(person.email);
  const dm = await waitFor("invitation DM", () => driver.messages(sent.id).find((m) => !m.thread_ts));
  await driver.click(person.id, dm, "invitation_accept");
  const companyView = await waitFor("company modal", () =>
    slack.openedViews().find((v) => v.callback_id === "onboarding_company" && v.private_metadata.includes(sent.id)),
  );
  expect((await driver.submit(person.id, companyView, { company })).status).toBe(200);
  const choice = await waitFor("destination choice", () => driver.messages("destination_create:hubspot", dm.ts)[0]);
  return { client, sent, dm, choice };
}

function openHubSpotModal(person: { id: string }, choice: SlackMessage) {
  return driver.modalOpenedBy("destination_configure", () => driver.click(person.id, choice, "destination_create:hubspot"));
}

/** The account the person (unique email per run) belongs to. */
async function accountOf(email: string) {
  const membership = await service.prisma.membership.findFirstOrThrow({ where: { user: { email } }, include: { account: true } });
  return membership.account;
}

const TOKEN_BLOCK = "cred.hubspot.private-app.accessToken";

describe("Slack onboarding journey", () => {
  it("takes an invited buyer from the DM to a delivered test lead in 5 interactions", async () => {
    driver.interactions = 0;
    const { client, sent } = await sellerInvites(BUYER.email, "Acme Leads");
    expect(sent).not.toHaveProperty("chat_sent");

    // The DM: who invites, what they send, and the button.
    const dm = await waitFor("invitation DM", () => driver.messages(sent.id).find((m) => !m.thread_ts));
    const dmText = JSON.stringify(dm.blocks);
    expect(dmText).toContain("Acme Leads");
    expect(dmText).toContain("`phone_1`");
    expect(dmText).toContain("Accept invite to connect");

    // 1. Accept → the company modal, prefilled from the email domain.
    await driver.click(BUYER.id, dm, "invitation_accept");
    const companyView = await waitFor("company modal", () => driver.view("onboarding_company"));
    expect(JSON.stringify(companyView.blocks)).toContain('"initial_value":"Buyerco');

    // 2. Company name → partner account, connection, and the destination step in the thread.
    expect((await driver.submit(BUYER.id, companyView, { company: "Bob's Mortgages" })).status).toBe(200);
    const connected = await waitFor("connected message", () => driver.messages("connected to Acme Leads", dm.ts)[0]);
    expect(connected.thread_ts).toBe(dm.ts);
    expect(JSON.stringify(connected.blocks)).toContain("LeadConduit for Partners");
    const account = await accountOf(BUYER.email);
    expect(account.name).toBe("Bob's Mortgages");
    expect(account.plan).toBe("partner");
    const thread = await service.prisma.slackThread.findFirstOrThrow({ where: { accountId: account.id } });
    expect(thread).toMatchObject({ teamId: "T0001", channelId: dm.channel, threadTs: dm.ts, destinationId: null });

    // 3. "HubSpot" → the destination modal with HubSpot's details and default mappings.
    const modal = await openHubSpotModal(BUYER, connected);
    const modalText = JSON.stringify(modal.blocks);
    expect(modalText).toContain(TOKEN_BLOCK);
    expect(modalText).toContain("firstname = {{lead.first_name}}");
    expect(modalText).toContain("Create or update a contact");

    // 4. Save and verify → verified against HubSpot; the modal turns into the test-lead form.
    const saved = await driver.submit(BUYER.id, modal, { name: "Bob's HubSpot", [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN });
    expect(saved.json).toMatchObject({ response_action: "update", view: { callback_id: "test_lead_send" } });
    const testForm = SlackDriver.updated(modal, saved);
    expect(JSON.stringify(testForm.blocks)).toContain("test.lead@example.com");
    const destination = await service.prisma.destination.findFirstOrThrow({ where: { accountId: account.id } });
    expect(destination).toMatchObject({ integration: "hubspot", name: "Bob's HubSpot", health: "healthy" });
    const ready = await waitFor("destination ready message", () => driver.messages("is set up and verified", dm.ts)[0]);
    expect(JSON.stringify(ready.blocks)).toMatch(/posts to `http[^`]+\/flows\/[^`]+\/submit`/);
    expect(await service.prisma.slackThread.findFirst({ where: { destinationId: destination.id } })).toMatchObject({
      channelId: dm.channel,
      threadTs: dm.ts,
    });

    // 5. Send test lead (the sample, one field edited) → delivered to HubSpot, result in the thread.
    expect((await driver.submit(BUYER.id, testForm, { "lead.first_name": "Journey" })).status).toBe(200);
    await waitFor("Sending… message", () => driver.messages("Sending a test lead", dm.ts)[0]);
    const result = await waitFor("test result", () => driver.messages("Test lead delivered", dm.ts)[0], 15_000);
    expect(JSON.stringify(result.blocks)).toMatch(/HubSpot contact \d+ created, \d+ ms/);
    const contacts = hubspot.contactsByEmail("test.lead@example.com").filter((c) => c.properties.firstname === "Journey");
    expect(contacts).toHaveLength(1);

    expect(driver.interactions).toBe(5);
    expect(driver.interactions).toBeLessThanOrEqual(6);

    // The seller sees the connection; neither the HubSpot token nor the seller's posting key ever went to Slack.
    const connection = await service.prisma.connection.findFirstOrThrow({ where: { buyerAccountId: account.id } });
    const key = await client.post<{ posting_key: string }>(`/connections/${connection.id}/posting-key`);
    expect(key.status).toBe(200);
    const everything = JSON.stringify(slack.calls());
    expect(everything).not.toContain(HUBSPOT_DEFAULT_TOKEN);
    expect(everything).not.toContain(key.body.posting_key);
    expect(everything).not.toContain(sent.token);
  });

  it("shows verify problems on the input they belong to (bad HubSpot token → the token input)", async () => {
    const { choice } = await acceptAsNewPerson(BAD, "Bad Token Co");
    const modal = await openHubSpotModal(BAD, choice);
    const res = await driver.submit(BAD.id, modal, { [TOKEN_BLOCK]: WRONG_TOKEN });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: "errors", errors: { [TOKEN_BLOCK]: "Invalid API Key" } });
    const account = await accountOf(BAD.email);
    expect(await service.prisma.destination.count({ where: { accountId: account.id } })).toBe(0);

    const mappings = await driver.submit(BAD.id, modal, {
      [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN,
      mappings: "firstname {{lead.first_name}}",
    });
    expect(mappings.json).toMatchObject({ response_action: "errors", errors: { mappings: expect.stringContaining("Line 1") } });
    const property = await driver.submit(BAD.id, modal, {
      [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN,
      mappings: "email = {{lead.email}}\nshoe_size = {{lead.comments}}",
    });
    expect(property.json).toMatchObject({ response_action: "errors", errors: { mappings: "HubSpot has no property shoe_size" } });
    expect(JSON.stringify(slack.calls())).not.toContain(WRONG_TOKEN);
  });

  it("answers a slow verification with “Checking…”, then updates the modal", async () => {
    const { choice, dm } = await acceptAsNewPerson(SLOW, "Slow Checks Co");
    const modal = await openHubSpotModal(SLOW, choice);
    hubspot.delayNext("GET /crm/v3/objects/contacts", 1_500);
    const res = await driver.submit(SLOW.id, modal, { [TOKEN_BLOCK]: HUBSPOT_DEFAULT_TOKEN });
    expect(res.json).toMatchObject({
      response_action: "update",
      view: { blocks: [{ text: { text: expect.stringContaining("Checking your HubSpot settings") } }] },
    });
    const updated = await driver.redrawn(modal, "modal updated after verify", (view) => view.callback_id === "test_lead_send");
    expect(JSON.stringify(updated.blocks)).toContain("is saved and verified");
    await waitFor("destination ready message", () => driver.messages("is set up and verified", dm.ts)[0]);
  });

  it("fixes an “Invalid API Key” test lead with Update credentials, and the waiting lead is delivered", async () => {
    const { choice, dm } = await acceptAsNewPerson(FIXER, "Fix Loop Co");
    const modal = await openHubSpotModal(FIXER, choice);
    const saved = await driver.submit(FIXER.id, modal, { [TOKEN_BLOCK]: ROTATED_TOKEN });
    const testForm = SlackDriver.updated(modal, saved);

    hubspot.revokeToken(ROTATED_TOKEN);
    await driver.submit(FIXER.id, testForm, { "lead.email": "fix.loop@example.com" });
    const failure = await waitFor("failure result", () => driver.messages("Test lead failed", dm.ts)[0], 15_000);
    const failureText = JSON.stringify(failure.blocks);
    expect(failureText).toContain("Invalid API Key");
    expect(failureText).toContain("Re-enter your credentials");
    for (const button of ["Update credentials", "Edit field mappings", "Retry"]) expect(failureText).toContain(button);

    // Update credentials → a modal with only the token input → saved, verified, the waiting lead resumes.
    const credentials = await driver.modalOpenedBy("destination_credentials", () =>
      driver.click(FIXER.id, failure, "destination_update_credentials"),
    );
    const inputs = (credentials.blocks as { type: string; block_id?: string }[]).filter((b) => b.type === "input");
    expect(inputs.map((b) => b.block_id)).toEqual(["cred.accessToken"]);
    expect(JSON.stringify(credentials.blocks)).not.toContain(ROTATED_TOKEN);

    const wrong = await driver.submit(FIXER.id, credentials, { "cred.accessToken": WRONG_TOKEN });
    expect(wrong.json).toEqual({ response_action: "errors", errors: { "cred.accessToken": "Invalid API Key" } });
    const fixed = await driver.submit(FIXER.id, credentials, { "cred.accessToken": NEW_TOKEN });
    expect(fixed.status).toBe(200);
    expect(fixed.text).toBe("");
    await waitFor("retrying message", () => driver.messages("Retrying 1 waiting lead", dm.ts)[0]);
    const success = await waitFor("success after the fix", () => driver.messages("Test lead delivered", dm.ts)[0], 15_000);
    expect(JSON.stringify(success.blocks)).toMatch(/HubSpot contact \d+ created/);
    expect(hubspot.contactsByEmail("fix.loop@example.com")).toHaveLength(1);

    const everything = JSON.stringify(slack.calls());
    for (const token of [ROTATED_TOKEN, NEW_TOKEN, WRONG_TOKEN]) expect(everything).not.toContain(token);
  });

  it("connects a Salesforce destination with “Authorize in Salesforce” (OAuth), then sends the test lead", async () => {
    const { choice, dm } = await acceptAsNewPerson(FORCE, "Force Co");
    const modal = await driver.modalOpenedBy("destination_configure", () =>
      driver.click(FORCE.id, choice, "destination_create:salesforce"),
    );
    expect(JSON.stringify(modal.blocks)).not.toContain("refreshToken");
    const saved = await driver.submit(FORCE.id, modal, {
      "cred.salesforce.oauth.clientId": SALESFORCE_DEFAULT_CLIENT.clientId,
      "cred.salesforce.oauth.clientSecret": SALESFORCE_DEFAULT_CLIENT.clientSecret,
    });
    expect(saved.json).toMatchObject({ response_action: "update", view: { callback_id: "destination_authorize" } });
    const authorize = (SlackDriver.updated(modal, saved).blocks as { elements?: { url?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.url)!;
    const ready = await waitFor("authorize message", () => driver.messages("Authorize in Salesforce", dm.ts)[0]);
    expect(JSON.stringify(ready.blocks)).toContain("destination_salesforce_authorize");

    // The browser round trip (the fake Salesforce approves at once) stores the tokens.
    const page = await new TestBrowser(service.url).authorize(authorize.url!);
    expect(page.text).toContain("Salesforce is connected");
    expect(page.text).toContain("Back in Slack, leadrelay now shows the next step");
    const account = await accountOf(FORCE.email);
    expect(await service.prisma.destination.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({
      integration: "salesforce",
      health: "healthy",
    });

    // Slack moved on by itself: the modal that said "Authorize" is now the test-lead form, and
    // the thread says the destination is set up, with Send test lead.
    const form = await driver.redrawn(modal, "the modal turned into the test-lead form", (view) => view.callback_id === "test_lead_send");
    expect(JSON.stringify(form.blocks)).toContain("Salesforce is connected");
    const next = await waitFor("set-up message in the thread", () =>
      driver.messages("is set up", dm.ts).find((m) => JSON.stringify(m.blocks).includes("test_lead_open")),
    );
    expect(JSON.stringify(next.blocks)).toContain("Salesforce is connected");
    await driver.submit(FORCE.id, form, { "lead.company": "Force Test Co" });
    const result = await waitFor("test result", () => driver.messages("Test lead delivered", dm.ts)[0], 15_000);
    expect(JSON.stringify(result.blocks)).toContain("Salesforce Lead");
    expect(salesforce.leads().some((lead) => lead.Company === "Force Test Co")).toBe(true);
    expect(JSON.stringify(slack.calls())).not.toContain(SALESFORCE_DEFAULT_CLIENT.clientSecret);
  });

  it("still offers Send test lead in the thread when the Authorize modal was closed before the Salesforce round trip ended", async () => {
    const { choice, dm } = await acceptAsNewPerson(CLOSER, "Closer Co");
    const modal = await driver.modalOpenedBy("destination_configure", () =>
      driver.click(CLOSER.id, choice, "destination_create:salesforce"),
    );
    const saved = await driver.submit(CLOSER.id, modal, {
      "cred.salesforce.oauth.clientId": SALESFORCE_DEFAULT_CLIENT.clientId,
      "cred.salesforce.oauth.clientSecret": SALESFORCE_DEFAULT_CLIENT.clientSecret,
    });
    const authorize = (SlackDriver.updated(modal, saved).blocks as { elements?: { url?: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.url)!;
    // The person closed the modal: Slack answers views.update with not_found.
    slack.failNext("/api/views.update", { status: 200, body: { ok: false, error: "not_found" } });
    const page = await new TestBrowser(service.url).authorize(authorize.url!);
    expect(page.text).toContain("Salesforce is connected");
    const next = await waitFor("set-up message in the thread", () =>
      driver.messages("is set up", dm.ts).find((m) => JSON.stringify(m.blocks).includes("test_lead_open")),
    );
    expect(
      slack
        .calls("views.update")
        .some((call) => (call.args.view as { callback_id?: string } | undefined)?.callback_id === "test_lead_send"),
    ).toBe(true);
    expect(slack.openedViews().find((v) => v.id === modal.id)?.callback_id).not.toBe("test_lead_send");
    await driver.modalOpenedBy("test_lead_send", () => driver.click(CLOSER.id, next, "test_lead_open"));
  });
});
