import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlow } from "../../core/flows/create-flow.ts";
import type { RunningService } from "../../server/service.ts";
import { startFakeSlack, type FakeSlack, type SlackMessage, type SlackView } from "../fakes/slack.ts";
import { ApiClient } from "../support/api-client.ts";
import { invite, type SentInvitationBody } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { type SlackDriver, TEST_TEAM, uniqueSlackUserId } from "../support/slack-driver.ts";
import { startSlackBotService } from "../support/slack-bot-service.ts";
import { waitFor } from "../support/wait-for.ts";
import { addWebhookDestination } from "../support/webhook-destination.ts";

/**
 * Issue 8, items 4 and 5, replayed against the running bot with real signed requests: a person
 * crafts block_actions and view submissions whose ids name another account's things. They learn
 * nothing (no names, emails, flows) and change nothing. And inviting is not an oracle.
 */
let slack: FakeSlack;
let service: RunningService;
let driver: SlackDriver;
let api: ApiClient;

/** Another account, with secrets an outsider must never see. */
let foreign: {
  accountId: string;
  accountKey: string;
  adminEmail: string;
  domain: string;
  flowId: string;
  destinationId: string;
  adminSlackId: string;
};
const FOREIGN_NAME = "Foreign Secret Co";
const FOREIGN_FLOW = "Secret Flow Name";
const FOREIGN_ADMIN = "Fiona Foreign-Admin";

beforeAll(async () => {
  slack = await startFakeSlack();
  ({ service, driver } = await startSlackBotService(slack, { RUN_WORKERS: "false" }));
  api = new ApiClient(service.url);
  const account = await seedAccount(service.prisma, { name: FOREIGN_NAME, plan: "paid", claimDomain: true });
  await service.prisma.user.update({ where: { id: account.adminUserId }, data: { name: FOREIGN_ADMIN } });
  const flow = await createFlow(service.prisma, { accountId: account.accountId, name: FOREIGN_FLOW });
  const destinationId = await addWebhookDestination(service.prisma, account.accountId, flow.id, "http://127.0.0.1:9/foreign");
  const adminSlackId = uniqueSlackUserId("FADMIN");
  slack.addUser({ id: adminSlackId, email: account.adminEmail, realName: FOREIGN_ADMIN });
  foreign = { ...account, flowId: flow.id, destinationId, adminSlackId };
});

afterAll(async () => {
  await service?.close();
  await slack?.close();
});

function slackUser(label: string, email: string, realName: string) {
  const id = uniqueSlackUserId(label);
  slack.addUser({ id, email, realName });
  return { id, email };
}

/** Everything the bot posted or opened after `since` calls to the fake Slack, as text. */
function everythingSince(since: number): string {
  return JSON.stringify(
    slack
      .calls()
      .slice(since)
      .map((call) => call.args),
  );
}

function expectNothingForeign(text: string) {
  for (const secret of [FOREIGN_NAME, FOREIGN_FLOW, FOREIGN_ADMIN, foreign.adminEmail, foreign.domain, foreign.accountId, foreign.flowId])
    expect(text).not.toContain(secret);
}

/** The same message with blocks the attacker wrote (a block_actions payload is whatever they send). */
function forged(message: SlackMessage, blocks: unknown[]): SlackMessage {
  return { ...message, blocks };
}

/** An outsider (own email domain, no account) with a real invitation DM of their own. */
async function outsiderWithInvitation(label: string) {
  const person = slackUser(label, `${label.toLowerCase()}@${uniqueDomain("outsider")}`, `${label} Outsider`);
  const seller = await seedAccount(service.prisma, { name: `${label} Seller`, plan: "paid" });
  const invitation = await invite(api.as(seller.accountKey), person.email);
  const dm = await waitFor("invitation DM", () => driver.messages(invitation.id).find((m) => !m.thread_ts));
  return { person, invitation, dm };
}

describe("Slack payload ids are checked against the clicker's verified identity", () => {
  it("a forged access_request naming another account: its admins hear nothing, the outsider learns no name or email, nothing is stored", async () => {
    const { person, invitation, dm } = await outsiderWithInvitation("REQ");
    const before = slack.calls().length;
    const value = JSON.stringify({ invitationId: invitation.id, accountId: foreign.accountId });
    await driver.click(
      person.id,
      forged(dm, [{ type: "actions", block_id: "access_required", elements: [{ type: "button", action_id: "access_request", value }] }]),
      "access_request",
    );
    const reply = await waitFor("refusal", () => driver.messages("no account for you to ask").find((m) => m.thread_ts === dm.ts));
    expectNothingForeign(`${reply.text} ${JSON.stringify(reply.blocks)}`);
    expectNothingForeign(everythingSince(before));
    expect(driver.messages("asks to join")).toEqual([]);
    expect(
      slack
        .calls("users.lookupByEmail")
        .slice(-5)
        .map((call) => call.args.email),
    ).not.toContain(foreign.adminEmail);
    expect(await service.prisma.membership.count({ where: { accountId: foreign.accountId, user: { email: person.email } } })).toBe(0);

    // Someone else's invitation id with the foreign account: refused before anything is read, naming nothing.
    const theirs = await invite(
      api.as((await seedAccount(service.prisma, { name: "Other Seller Inc" })).accountKey),
      `someone@${foreign.domain}`,
    );
    // The invitation's Slack DM goes out in the background (it names the invitee's domain): let it
    // happen before watching what the forged click causes.
    await waitFor("the invitation's background Slack lookup", () =>
      slack.calls("users.lookupByEmail").some((call) => call.args.email === `someone@${foreign.domain}`),
    );
    const again = slack.calls().length;
    await driver.click(
      person.id,
      forged(dm, [
        {
          type: "actions",
          block_id: "access_required",
          elements: [
            {
              type: "button",
              action_id: "access_request",
              value: JSON.stringify({ invitationId: theirs.id, accountId: foreign.accountId }),
            },
          ],
        },
      ]),
      "access_request",
    );
    const second = await waitFor("second refusal", () =>
      driver.messages("sent to another email address").find((m) => m.thread_ts === dm.ts),
    );
    expect(`${second.text} ${JSON.stringify(second.blocks)}`).not.toContain("Other Seller Inc");
    expectNothingForeign(everythingSince(again));
    expect(driver.messages("asks to join")).toEqual([]);
  });

  it("a forged invitation_accept_as_account or flow choice naming another account shows none of its names or flows and connects nothing", async () => {
    const own = await seedAccount(service.prisma, { name: "Chooser Own Co", plan: "partner" });
    const person = slackUser("CHOOSE", own.adminEmail, "Cho Chooser");
    const seller = await seedAccount(service.prisma, { name: "Choice Seller", plan: "paid" });
    const invitation = await invite(api.as(seller.accountKey), person.email);
    const dm = await waitFor("invitation DM", () => driver.messages(invitation.id).find((m) => !m.thread_ts));
    const before = slack.calls().length;

    const asAccount = forged(dm, [
      {
        type: "actions",
        block_id: `account_choice:${invitation.id}`,
        elements: [{ type: "static_select", action_id: "invitation_accept_as_account", options: [{ value: foreign.accountId }] }],
      },
    ]);
    await driver.click(person.id, asAccount, "invitation_accept_as_account", foreign.accountId);
    await waitFor("refusal", () => driver.messages("not a member of that leadrelay account").find((m) => m.thread_ts === dm.ts));

    const existingFlow = forged(dm, [
      {
        type: "actions",
        block_id: `flow_choice:${invitation.id}:${foreign.accountId}`,
        elements: [{ type: "static_select", action_id: "invitation_accept_existing_flow", options: [{ value: foreign.flowId }] }],
      },
    ]);
    await driver.click(person.id, existingFlow, "invitation_accept_existing_flow", foreign.flowId);
    await waitFor("flow refusal", () => driver.messages(/not a member of the account named/).find((m) => m.thread_ts === dm.ts));
    const newFlow = forged(dm, [
      {
        type: "actions",
        block_id: "x",
        elements: [
          {
            type: "button",
            action_id: "invitation_accept_new_flow",
            value: JSON.stringify({ invitationId: invitation.id, accountId: foreign.accountId }),
          },
        ],
      },
    ]);
    await driver.click(person.id, newFlow, "invitation_accept_new_flow");
    await waitFor(
      "new-flow refusal",
      () => driver.messages(/not a member of the account named/).filter((m) => m.thread_ts === dm.ts).length >= 2,
    );

    expectNothingForeign(everythingSince(before));
    expect(await service.prisma.connection.count({ where: { invitationId: invitation.id } })).toBe(0);
    expect(await service.prisma.flow.count({ where: { accountId: foreign.accountId } })).toBe(1);
  });

  it("forged destination and modal ids of another account are refused: no modal, no test lead, no name", async () => {
    const own = await seedAccount(service.prisma, { name: "Clicker Own Co", plan: "paid" });
    const person = slackUser("DEST", own.adminEmail, "Dee Clicker");
    const before = slack.calls().length;
    const ephemeral = { type: "ephemeral" as const, channelId: "C0GENERAL" };
    const buttons = (actionId: string, value: string) => [
      { type: "actions", block_id: "forged", elements: [{ type: "button", action_id: actionId, value }] },
    ];

    for (const actionId of ["destination_update_credentials", "destination_edit_mappings", "test_lead_open", "destination_retry"]) {
      await driver.clickIn(person.id, buttons(actionId, foreign.destinationId), actionId, ephemeral);
    }
    await waitFor("four refusals", () => driver.messages("No destination with this id").length >= 4);
    await driver.clickIn(
      person.id,
      buttons("destination_create", JSON.stringify({ accountId: foreign.accountId, flowId: foreign.flowId })),
      "destination_create",
      ephemeral,
    );
    await waitFor("create refusal", () => driver.messages("not a member of that leadrelay account").length >= 1);

    // A view submission whose private_metadata names the foreign destination (the test-lead modal).
    const view = {
      id: `VFORGED${Date.now()}`,
      team_id: TEST_TEAM.id,
      type: "modal",
      blocks: [],
      private_metadata: JSON.stringify({ accountId: foreign.accountId, destinationId: foreign.destinationId, thread: null }),
      callback_id: "test_lead_send",
    } as unknown as SlackView;
    await driver.submit(person.id, view);
    await waitFor("submission refusal", () => driver.messages("No destination with this id").length >= 5);

    expect(
      slack
        .calls("views.open")
        .slice(-10)
        .some((call) => JSON.stringify(call.args).includes(foreign.destinationId)),
    ).toBe(false);
    expectNothingForeign(everythingSince(before));
    expect(await service.prisma.lead.count({ where: { accountId: foreign.accountId } })).toBe(0);
    expect(await service.prisma.destination.count({ where: { accountId: foreign.accountId } })).toBe(1);
  });

  it("a forged access_grant naming a membership nobody asked for (an account's own pending add) is refused by that account's admin", async () => {
    const b = await seedAccount(service.prisma, { name: "Granting B", plan: "partner" });
    const admin = slackUser("BADMIN", b.adminEmail, "Bea B-Admin");
    const victim = `grantee@${uniqueDomain("grantee")}`;
    const pending = await api.as(b.accountKey).post<{ id: string }>("/members", { email: victim, name: "Grant Victim" });
    const value = JSON.stringify({
      membershipId: pending.body.id,
      invitationId: randomUUID(),
      email: victim,
      name: "Grant Victim",
      requester: { teamId: TEST_TEAM.id, channelId: "C0GENERAL", threadTs: "1700000000.000001", slackUserId: admin.id },
    });
    await driver.clickIn(
      admin.id,
      [{ type: "actions", block_id: "access_request", elements: [{ type: "button", action_id: "access_grant", value }] }],
      "access_grant",
      { type: "ephemeral", channelId: "C0GENERAL" },
    );
    await waitFor("refusal", () => driver.messages("no longer open").length >= 1);
    expect(await service.prisma.membership.findUniqueOrThrow({ where: { id: pending.body.id } })).toMatchObject({ status: "pending" });
  });
});

describe("inviting is not an oracle", () => {
  it("answers the same whether or not Slack knows the email, and a re-invite the same day sends no second DM", async () => {
    const seller = await seedAccount(service.prisma, { name: "Probing Seller", plan: "paid" });
    const client = api.as(seller.accountKey);
    const known = slackUser("KNOWN", `known@${uniqueDomain("known")}`, "Kim Known");
    const unknownEmail = `unknown@${uniqueDomain("unknown")}`;

    const normalise = (res: { status: number; body: SentInvitationBody }, email: string) =>
      JSON.parse(
        JSON.stringify({ status: res.status, body: res.body })
          .replaceAll(res.body.id, "ID")
          .replaceAll(res.body.accept_url, "URL")
          .replaceAll(email, "EMAIL")
          .replace(/"(created_at|expires_at)":"[^"]+"/g, '"$1":"T"'),
      ) as unknown;
    const toKnown = await client.post<SentInvitationBody>("/invitations", { email: known.email });
    const toUnknown = await client.post<SentInvitationBody>("/invitations", { email: unknownEmail });
    expect(toKnown.status).toBe(201);
    expect(normalise(toKnown, known.email)).toEqual(normalise(toUnknown, unknownEmail));
    expect(JSON.stringify(toKnown.body)).not.toMatch(/Slack|Kim/);

    const dmsTo = (invitationId: string) =>
      slack.calls("chat.postMessage").filter((call) => JSON.stringify(call.args).includes(invitationId));
    await waitFor("the first DM", () => dmsTo(toKnown.body.id).length === 1);
    const first = await service.prisma.invitation.findUniqueOrThrow({ where: { id: toKnown.body.id } });

    const again = await client.post<SentInvitationBody>("/invitations", { email: known.email });
    expect(again.status).toBe(200);
    expect((await service.prisma.invitation.findUniqueOrThrow({ where: { id: toKnown.body.id } })).notifiedAt).toEqual(first.notifiedAt);

    // A day later the person is reminded once more: that DM arriving proves the earlier re-invite sent none.
    await service.prisma.invitation.update({ where: { id: toKnown.body.id }, data: { notifiedAt: new Date(Date.now() - 25 * 3_600_000) } });
    await client.post("/invitations", { email: known.email });
    await waitFor("the next day's DM", () => dmsTo(toKnown.body.id).length >= 2);
    await client.post("/invitations", { email: known.email });
    // A later invitation's DM to someone else arriving: the same-day re-invite before it sent nothing.
    const later = slackUser("LATER", `later@${uniqueDomain()}`, "Lee Later");
    const laterInvitation = await client.post<SentInvitationBody>("/invitations", { email: later.email });
    await waitFor("a later invitation's DM", () => dmsTo(laterInvitation.body.id).length === 1);
    expect(dmsTo(toKnown.body.id)).toHaveLength(2);
  });
});
