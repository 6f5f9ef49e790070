import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findOrCreateUser } from "../../core/users/find-or-create-user.ts";
import { newId } from "../../core/ids.ts";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { invite } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { type SlackDriver, uniqueSlackUserId } from "../support/slack-driver.ts";
import { expectNoRefusedViewsAfterEach, startSlackBotService } from "../support/slack-bot-service.ts";
import { waitFor } from "../support/wait-for.ts";

/** Accepting in Slack: the partner model's branches and every refusal, each with a plain answer. */
let slack: FakeSlack;
let service: RunningService;
let driver: SlackDriver;
let userCounter = 0;

beforeAll(async () => {
  slack = await startFakeSlack();
  ({ service, driver } = await startSlackBotService(slack, { RUN_WORKERS: "false" }));
});

expectNoRefusedViewsAfterEach(() => slack);

afterAll(async () => {
  await service?.close();
  await slack?.close();
});

/** A Slack user (in the fake workspace) with this email. */
function slackUser(email: string, realName = "Pat Person"): { id: string; email: string } {
  userCounter += 1;
  const id = uniqueSlackUserId(`ACC${userCounter}`);
  slack.addUser({ id, email, realName });
  return { id, email };
}

async function seller(name = "Seller Co") {
  const account = await seedAccount(service.prisma, { name, plan: "paid" });
  return { account, client: new ApiClient(service.url, account.accountKey) };
}

async function invitationDm(sellerClient: ApiClient, email: string) {
  const sent = await invite(sellerClient, email);
  const dm = await waitFor("invitation DM", () => driver.messages(sent.id).find((m) => !m.thread_ts));
  return { sent, dm };
}

async function replyIn(threadTs: string, needle: string | RegExp) {
  return waitFor(`reply “${String(needle)}”`, () => driver.messages(needle, threadTs).find((m) => m.thread_ts === threadTs));
}

describe("accepting an invitation in Slack", () => {
  it("answers plainly when the invitation expired", async () => {
    const person = slackUser(`exp@${uniqueDomain()}`);
    const { client } = await seller("Expiring Seller");
    const { sent, dm } = await invitationDm(client, person.email);
    await service.prisma.invitation.update({ where: { id: sent.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    await driver.click(person.id, dm, "invitation_accept");
    const reply = await replyIn(dm.ts, "expired on");
    expect(reply.text).toMatch(/This invitation expired on \d{4}-\d{2}-\d{2}: ask Expiring Seller to send a new one/);
    expect(await service.prisma.connection.count({ where: { invitationId: sent.id } })).toBe(0);
  });

  it("answers plainly when the seller revoked it", async () => {
    const person = slackUser(`rev@${uniqueDomain()}`);
    const { client } = await seller("Revoking Seller");
    const { sent, dm } = await invitationDm(client, person.email);
    expect((await client.post(`/invitations/${sent.id}/revoke`)).status).toBe(200);
    await driver.click(person.id, dm, "invitation_accept");
    expect((await replyIn(dm.ts, "revoked")).text).toContain("This invitation was revoked by Revoking Seller: ask them to send a new one");
  });

  it("shows the connection again to the person who accepted it, and nothing to anyone else", async () => {
    const domain = uniqueDomain();
    const person = slackUser(`used@${domain}`, "Una Used");
    const { client } = await seller("Used Seller");
    const { dm } = await invitationDm(client, person.email);
    await driver.click(person.id, dm, "invitation_accept");
    const companyView = await waitFor("company modal", () =>
      slack.openedViews().find((v) => v.callback_id === "onboarding_company" && v.private_metadata.includes(dm.ts)),
    );
    await driver.submit(person.id, companyView, { company: "Used Co" });
    await replyIn(dm.ts, "connected to Used Seller");

    // The same person again: where things stand. Someone else (another email) with the same message: refused.
    await driver.click(person.id, dm, "invitation_accept");
    await replyIn(dm.ts, "You already accepted this invitation");
    // Someone else clicking its button (the id is no secret) learns nothing about it, not even the seller.
    const other = slackUser(`other@${uniqueDomain()}`);
    await driver.click(other.id, dm, "invitation_accept");
    // The answer goes to the clicker's own DM, never into the conversation the payload names.
    const refused = await waitFor("refusal", () => driver.messages("sent to another email address").find((m) => m.channel !== dm.channel));
    expect(`${refused.text} ${JSON.stringify(refused.blocks)}`).not.toContain("Used Seller");
  });

  it("refuses an invitation sent to another address when no code can prove the inbox (the emailed link used by someone else, no SMTP)", async () => {
    const { client } = await seller("Mismatch Seller");
    const intended = `intended@${uniqueDomain()}`;
    const sent = await invite(client, intended);
    const intruder = slackUser(`intruder@${uniqueDomain()}`);
    const res = await driver.command(intruder.id, `accept ${sent.accept_url}`);
    expect(res.json).toMatchObject({ response_type: "ephemeral" });
    // They hold the link, so they may hear where it went (masked), but without SMTP no code can prove that inbox is theirs.
    const reply = await waitFor("mismatch answer", () =>
      driver.messages(`This invitation was sent to i…@${intended.split("@")[1]}`).find((m) => m.thread_ts),
    );
    expect(reply.text).toContain(`Ask Mismatch Seller to invite ${intruder.email} instead`);
    expect(reply.text).not.toContain(intended);
    expect(await service.prisma.connection.count({ where: { invitationId: sent.id } })).toBe(0);
  });

  it("continues the emailed link in Slack: /leadrelay accept <link> shows the invitation and opens the company modal", async () => {
    const email = `linker@${uniqueDomain("linkco")}`;
    const { client } = await seller("Link Seller");
    const sent = await invite(client, email);
    expect(sent).not.toHaveProperty("chat_detail");
    // The invitation's Slack DM is tried in the background; let it find nobody before they join.
    await waitFor("the invitation's background Slack lookup", () =>
      slack.calls("users.lookupByEmail").some((call) => call.args.email === email),
    );
    // They join the workspace later (or use another Slack), and paste the emailed link.
    const person = slackUser(email, "Lin Linker");
    const res = await driver.command(person.id, `accept <${sent.accept_url}>`);
    expect(res.status).toBe(200);
    const card = await waitFor("invitation card in the DM", () =>
      driver.messages(sent.id).find((m) => !m.thread_ts && JSON.stringify(m.blocks).includes("Link Seller")),
    );
    const modal = await waitFor("company modal", () =>
      slack.openedViews().find((v) => v.callback_id === "onboarding_company" && v.private_metadata.includes(card.ts)),
    );
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"Linkco');
    await driver.submit(person.id, modal, { company: "Linkco Ltd" });
    await replyIn(card.ts, "connected to Link Seller");
    const unknown = await driver.command(person.id, "accept lr_inv_thisisnotarealtokenatall000");
    expect(unknown.json).toMatchObject({ text: expect.stringContaining("No invitation matches this link") });
  });

  it("tells a person without an email on their Slack profile why it cannot continue", async () => {
    const { client } = await seller("No Email Seller");
    const email = `hidden@${uniqueDomain()}`;
    const sent = await invite(client, email);
    const person = { id: uniqueSlackUserId("NOMAIL") };
    slack.addUser({ id: person.id, realName: "Hidden Email" });
    // The DM cannot find them by email, so they come with the link.
    await driver.command(person.id, `accept ${sent.accept_url}`);
    const reply = await waitFor("no-email answer", () => driver.messages("can't see the email address").find((m) => m.thread_ts));
    expect(reply.text).toContain("accept from the invitation email");
  });

  it("connects a member of an existing partner account at once", async () => {
    const buyerCo = await seedAccount(service.prisma, { name: "Member Buyer Co", plan: "partner" });
    const person = slackUser(buyerCo.adminEmail, "Ada Admin");
    const { client } = await seller("Member Seller");
    const { dm } = await invitationDm(client, person.email);
    await driver.click(person.id, dm, "invitation_accept");
    const connected = await replyIn(dm.ts, "connected to Member Seller");
    expect(JSON.stringify(connected.blocks)).toContain("Member Buyer Co");
    expect(await service.prisma.connection.count({ where: { buyerAccountId: buyerCo.accountId } })).toBe(1);
  });

  it("asks a person in several accounts which one accepts", async () => {
    const first = await seedAccount(service.prisma, { name: "Twin One", plan: "partner" });
    const second = await seedAccount(service.prisma, { name: "Twin Two", plan: "partner" });
    const user = await findOrCreateUser(service.prisma, { email: first.adminEmail });
    await service.prisma.membership.create({
      data: { id: newId(), accountId: second.accountId, userId: user.id, role: "member", leadAccess: true },
    });
    const person = slackUser(first.adminEmail, "Ada Admin");
    const { client } = await seller("Twin Seller");
    const { dm } = await invitationDm(client, person.email);
    await driver.click(person.id, dm, "invitation_accept");
    const question = await replyIn(dm.ts, "Which one should receive");
    await driver.click(person.id, question, "invitation_accept_as_account", second.accountId);
    const connected = await replyIn(dm.ts, "connected to Twin Seller");
    expect(JSON.stringify(connected.blocks)).toContain("Twin Two");
    expect(await service.prisma.connection.count({ where: { buyerAccountId: second.accountId } })).toBe(1);
    expect(await service.prisma.connection.count({ where: { buyerAccountId: first.accountId } })).toBe(0);
  });

  it("asks a paid account for the flow: “Create a new flow (Buyer Step Flow)”", async () => {
    const buyerCo = await seedAccount(service.prisma, { name: "Paid Buyer Co", plan: "paid" });
    await service.prisma.flow.create({ data: { id: newId(), accountId: buyerCo.accountId, name: "Existing Flow" } });
    const person = slackUser(buyerCo.adminEmail, "Ada Admin");
    const { client } = await seller("Paid Seller");
    const { dm } = await invitationDm(client, person.email);
    await driver.click(person.id, dm, "invitation_accept");
    const choice = await replyIn(dm.ts, "Create a new flow (Buyer Step Flow)");
    expect(JSON.stringify(choice.blocks)).toContain("Existing Flow");
    await driver.click(person.id, choice, "invitation_accept_new_flow");
    const connected = await replyIn(dm.ts, "connected to Paid Seller");
    expect(JSON.stringify(connected.blocks)).toContain("Buyer Step Flow");
    const connection = await service.prisma.connection.findFirstOrThrow({
      where: { buyerAccountId: buyerCo.accountId },
      include: { flow: true },
    });
    expect(connection.flow?.name).toBe("Buyer Step Flow");
  });

  it("names the admins when the email domain's account exists, and “Request access” → “Add” → accept", async () => {
    const domain = uniqueDomain("claimed");
    const owner = await seedAccount(service.prisma, { name: "Claimed Co", plan: "partner", claimDomain: true, domain });
    const admin = slackUser(owner.adminEmail, "Ada Admin");
    const person = slackUser(`newbie@${domain}`, "Nick Newbie");
    const { client } = await seller("Access Seller");
    const { dm } = await invitationDm(client, person.email);

    await driver.click(person.id, dm, "invitation_accept");
    const required = await replyIn(dm.ts, "Request access");
    const requiredText = JSON.stringify(required.blocks);
    expect(requiredText).toContain("Claimed Co");
    expect(requiredText).toContain(`Ada Admin (${owner.adminEmail})`);
    expect(await service.prisma.event.count({ where: { accountId: owner.accountId, reason: "Access requested" } })).toBe(1);

    await driver.click(person.id, required, "access_request");
    await replyIn(dm.ts, "I asked Ada Admin");
    const request = await waitFor("admin's DM", () =>
      driver.messages("asks to join").find((m) => JSON.stringify(m.blocks).includes("Nick Newbie")),
    );
    expect(JSON.stringify(request.blocks)).toContain("Add Nick Newbie");
    expect(request.channel).not.toBe(dm.channel);

    await driver.click(admin.id, request, "access_grant");
    await waitFor("admin's message updated", () => slack.postedMessages(request.channel).find((m) => m.ts === request.ts && m.edited));
    const user = await findOrCreateUser(service.prisma, { email: person.email });
    expect(await service.prisma.membership.findFirst({ where: { accountId: owner.accountId, userId: user.id } })).toMatchObject({
      role: "member",
      leadAccess: true,
    });

    const added = await replyIn(dm.ts, "added you to");
    await driver.click(person.id, added, "invitation_accept");
    const connected = await replyIn(dm.ts, "connected to Access Seller");
    expect(JSON.stringify(connected.blocks)).toContain("Claimed Co");
  });

  it("does not let a non-admin's click add anyone", async () => {
    const domain = uniqueDomain("guarded");
    const owner = await seedAccount(service.prisma, { name: "Guarded Co", plan: "partner", claimDomain: true, domain });
    const person = slackUser(`asker@${domain}`, "Ann Asker");
    slackUser(owner.adminEmail, "Ada Admin");
    const { client } = await seller("Guard Seller");
    const { dm } = await invitationDm(client, person.email);
    await driver.click(person.id, dm, "invitation_accept");
    const required = await replyIn(dm.ts, "Request access");
    await driver.click(person.id, required, "access_request");
    const request = await waitFor("admin's DM", () =>
      driver.messages("asks to join").find((m) => JSON.stringify(m.blocks).includes("Ann Asker")),
    );
    // The requester (not an admin) clicks the admin's button (e.g. a forwarded payload).
    await driver.click(person.id, request, "access_grant");
    await waitFor("refusal", () => driver.messages("Only an admin of the account").at(-1));
    // The request is stored, and still grants nothing.
    const user = await findOrCreateUser(service.prisma, { email: person.email });
    expect(await service.prisma.membership.findFirst({ where: { accountId: owner.accountId, userId: user.id } })).toMatchObject({
      status: "requested",
    });
    expect(await service.prisma.membership.count({ where: { accountId: owner.accountId, userId: user.id, status: "active" } })).toBe(0);
  });
});
