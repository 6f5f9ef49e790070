import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlow } from "../../core/flows/create-flow.ts";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack, type SlackMessage } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { accept, invite, type ErrorBody } from "../support/invitation-flow.ts";
import { LocalSmtpServer } from "../support/local-smtp-server.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { TEST_IDENTITY_API_KEY } from "../support/test-config.ts";
import { waitFor } from "../support/wait-for.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver.ts";
import { startSlackBotService } from "../support/slack-bot-service.ts";

/**
 * Issue 8, item 3, replayed: account B adds someone else's email with POST /members. Before the
 * person confirms with their verified identity, that membership grants nothing and routes
 * nothing: accepting a seller's invitation as that person does not connect the seller to B, and
 * the seller's lead never reaches B's webhook.
 */
let slack: FakeSlack;
let smtp: LocalSmtpServer;
let receiver: WebhookReceiver;
let service: RunningService;
let driver: SlackDriver;
let api: ApiClient;

beforeAll(async () => {
  slack = await startFakeSlack();
  smtp = await new LocalSmtpServer().listen();
  receiver = await startWebhookReceiver();
  ({ service, driver } = await startSlackBotService(slack, {
    SMTP_URL: smtp.url,
    IDENTITY_API_KEY: TEST_IDENTITY_API_KEY,
    RUN_WORKERS: "false",
  }));
  api = new ApiClient(service.url);
});

afterAll(async () => {
  await service?.close();
  await receiver?.close();
  await smtp?.close();
  await slack?.close();
});

/** Account B: a partner buyer whose one flow delivers to B's own webhook. */
async function accountB(name = "Hijacker B") {
  const b = await seedAccount(service.prisma, { name, plan: "partner" });
  const flow = await createFlow(service.prisma, { accountId: b.accountId, name: "B flow" });
  const destinationId = await addWebhookDestination(service.prisma, b.accountId, flow.id, `${receiver.url}/b-hook`);
  return { ...b, flowId: flow.id, destinationId, client: api.as(b.accountKey) };
}

async function seller(name = "Honest Seller") {
  const account = await seedAccount(service.prisma, { name, plan: "paid" });
  return { ...account, client: api.as(account.accountKey) };
}

function slackUser(email: string, realName: string) {
  const id = uniqueSlackUserId("MEM");
  slack.addUser({ id, email, realName });
  return { id, email };
}

async function replyIn(threadTs: string, needle: string | RegExp) {
  return waitFor(`reply “${String(needle)}”`, () => driver.messages(needle, threadTs).find((m) => m.thread_ts === threadTs));
}

function everything(message: SlackMessage): string {
  return `${message.text ?? ""} ${JSON.stringify(message.blocks ?? [])}`;
}

describe("POST /members cannot hijack someone else's invitation", () => {
  it("B adds the victim; the victim accepts a seller's invitation over HTTP: the seller is not connected to B and its lead does not reach B's webhook", async () => {
    const b = await accountB();
    const victim = `victim@${uniqueDomain("victim")}`;
    const added = await b.client.post<{ id: string; status: string }>("/members", { email: victim, name: "Victim" });
    expect(added.status).toBe(201);
    expect(added.body.status).toBe("pending");
    // The confirmation link goes to the person only, never back to the account that added them.
    expect(JSON.stringify(added.body)).not.toContain("lr_mem_");

    const honest = await seller();
    const invitation = await invite(honest.client, victim);
    const accepted = await accept(api, invitation.token, { email: victim, name: "Victim" });
    expect(accepted.status).toBe(201);
    expect(accepted.body.account.id).not.toBe(b.accountId);
    expect(accepted.body.account.created).toBe(true);
    expect(accepted.body.connection.buyer_account.id).not.toBe(b.accountId);

    const issued = await honest.client.post<{ posting_key: string }>(`/connections/${accepted.body.connection.id}/posting-key`);
    const submit = `${service.url}/flows/${accepted.body.connection.flow_id}/sources/${accepted.body.connection.source_id}/submit`;
    const posted = await fetch(submit, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${issued.body.posting_key}` },
      body: JSON.stringify({ first_name: "Lead", email: "lead@example.com" }),
    });
    const lead = (await posted.json()) as { outcome: string; lead: { id: string } };
    expect(lead.outcome).toBe("success");
    // The lead belongs to the victim's own account: B cannot read it and has no delivery of it.
    expect((await b.client.get(`/leads/${lead.lead.id}`)).status).toBe(404);
    expect((await api.as(accepted.body.account_api_key!).get(`/leads/${lead.lead.id}`)).status).toBe(200);
    expect(await service.prisma.delivery.count({ where: { leadId: lead.lead.id, destinationId: b.destinationId } })).toBe(0);
    expect(await service.prisma.delivery.count({ where: { destinationId: b.destinationId } })).toBe(0);
    expect(receiver.requests.length).toBe(0);
    // The pending membership is still pending and grants nothing.
    expect((await b.client.get<{ members: { id: string; status: string }[] }>("/members")).body.members).toContainEqual(
      expect.objectContaining({ id: added.body.id, status: "pending" }),
    );
  });

  it("a pending membership is never picked over HTTP, even when named; an ambiguous person must name the account", async () => {
    const b = await accountB("Pending Only B");
    const own = await seedAccount(service.prisma, { name: "Victim Own Co", plan: "partner" });
    const victim = own.adminEmail;
    await b.client.post("/members", { email: victim });
    const honest = await seller("Ambiguity Seller");
    const first = await invite(honest.client, victim);
    const named = await accept<ErrorBody>(api, first.token, { email: victim, name: "Ada", account_id: b.accountId });
    expect(named.status).toBe(403);
    expect(named.body.error.code).toBe("not_a_member");
    // Without a choice, the only active membership accepts (the pending one does not make it ambiguous).
    const plain = await accept(api, first.token, { email: victim, name: "Ada" });
    expect(plain.status).toBe(201);
    expect(plain.body.account.id).toBe(own.accountId);

    // Two active accounts: never chosen silently.
    const other = await seedAccount(service.prisma, { name: "Second Active Co", plan: "partner" });
    const addedToOther = await api.as(other.accountKey).post<{ id: string }>("/members", { email: victim });
    await service.prisma.membership.update({ where: { id: addedToOther.body.id }, data: { status: "active" } });
    const second = await invite((await seller("Second Seller")).client, victim);
    const ambiguous = await accept<ErrorBody>(api, second.token, { email: victim, name: "Ada" });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body.error.code).toBe("account_choice_required");
    expect(await service.prisma.connection.count({ where: { invitationId: second.id } })).toBe(0);
  });

  it("in Slack: the victim is asked, accepting the seller's invitation does not use B, and only their own Join grants B's membership", async () => {
    const b = await accountB("Slack Hijacker B");
    const victim = slackUser(`vic@${uniqueDomain("slackvictim")}`, "Vic Victim");
    const outsider = slackUser(`outsider@${uniqueDomain("outsider")}`, "Otto Outsider");
    const added = await b.client.post<{ id: string; status: string }>("/members", { email: victim.email, role: "admin" });
    expect(added.body.status).toBe("pending");

    // The victim is asked in Slack: "<Account> added you — Join / Decline".
    const question = await waitFor("the Join/Decline DM", () =>
      driver.messages(added.body.id).find((m) => everything(m).includes("Slack Hijacker B")),
    );
    expect(everything(question)).toContain("membership_join");

    // Accepting a seller's invitation now goes to a new account of their own (the company modal), not to B.
    const honest = await seller("Slack Honest Seller");
    const invitation = await invite(honest.client, victim.email);
    const dm = await waitFor("invitation DM", () => driver.messages(invitation.id).find((m) => !m.thread_ts));
    await driver.click(victim.id, dm, "invitation_accept");
    const modal = await waitFor("company modal", () =>
      slack.openedViews().find((v) => v.callback_id === "onboarding_company" && v.private_metadata.includes(dm.ts)),
    );
    // B's question is asked again where they are now, as a question: nothing is decided for them.
    await replyIn(dm.ts, "Slack Hijacker B added you");
    await driver.submit(victim.id, modal, { company: "Vic Own Co" });
    const connected = await replyIn(dm.ts, "connected to Slack Honest Seller");
    expect(everything(connected)).not.toContain("Slack Hijacker B");
    const connection = await service.prisma.connection.findFirstOrThrow({ where: { invitationId: invitation.id } });
    expect(connection.buyerAccountId).not.toBe(b.accountId);

    // Someone else clicking the victim's Join (a forged id) changes nothing and learns nothing.
    await driver.click(outsider.id, question, "membership_join");
    const refused = await waitFor("refusal to the outsider", () =>
      driver.messages("not for you").find((m) => m.channel !== question.channel),
    );
    expect(everything(refused)).not.toContain("Slack Hijacker B");
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({ status: "pending" });
    // Until then B's admin key cannot act as if the person were an admin, nor the person as B's admin.
    expect((await b.client.get<{ members: { id: string; status: string }[] }>("/members")).body.members).toContainEqual(
      expect.objectContaining({ id: added.body.id, status: "pending" }),
    );

    // The victim's own Join, checked against their Slack profile email, grants it.
    await driver.click(victim.id, question, "membership_join");
    await waitFor("joined", () => driver.messages("You joined").find((m) => m.channel === question.channel));
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({
      status: "active",
      role: "admin",
    });
    // Single use: a second answer is refused.
    await driver.click(victim.id, question, "membership_decline");
    await waitFor("second answer refused", () => driver.messages("already answered").find((m) => m.channel === question.channel));
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({ status: "active" });
  });

  it("by email: the single-use link asks first (GET changes nothing), Join makes it active, the link then stops working", async () => {
    const b = await accountB("Mailing B");
    const person = `mailee@${uniqueDomain("mailee")}`;
    const added = await b.client.post<{ id: string }>("/members", { email: person });
    const mail = await waitFor("the confirmation email", () => smtp.messages.find((m) => m.to.includes(person)));
    expect(mail.decoded).toContain("Mailing B added you");
    const link = /https?:\/\/[^\s"<>]+\/members\/confirm\/lr_mem_[A-Za-z0-9_-]+/.exec(mail.decoded)?.[0];
    expect(link).toBeTruthy();
    const path = new URL(link!).pathname;

    const page = await fetch(`${service.url}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Decline");
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({ status: "pending" });

    const joined = await fetch(`${service.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "decision=join",
    });
    expect(joined.status).toBe(200);
    expect(await joined.text()).toContain("You joined Mailing B");
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({ status: "active" });

    const again = await fetch(`${service.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ decision: "decline" }),
    });
    expect(again.status).toBe(404);
    expect(((await again.json()) as ErrorBody).error.code).toBe("membership_confirmation_invalid");
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: added.body.id } })).toMatchObject({ status: "active" });
    const guessed = await fetch(`${service.url}/members/confirm/lr_mem_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(guessed.status).toBe(404);
  });

  it("a pending admin cannot claim an email domain for the account that added them", async () => {
    const b = await accountB("Domain Grabber B");
    const domain = uniqueDomain("grab");
    await b.client.post("/members", { email: `boss@${domain}`, role: "admin" });
    const claim = await b.client.patch<ErrorBody>("/accounts/me", { email_domain: domain });
    expect(claim.status).toBe(422);
    expect(claim.body.error.code).toBe("email_domain_unverified");
  });
});
