import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nothingCachedYet } from "../../core/intake/source-context-changes.ts";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { createFlow } from "../../core/flows/create-flow.ts";
import { createLogger } from "../../core/logger.ts";
import { decideMembership } from "../../core/members/confirm-membership.ts";
import { invitationLinkRoutes } from "../../server/invitations/invitation-link-routes.ts";
import { managementDepsFromConfig } from "../../server/management-deps.ts";
import type { ApiClient } from "../support/api-client.ts";
import { accept, invite, type AcceptedBody, type ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain, type SeededAccount } from "../support/seed-account.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { TEST_ENCRYPTION_KEY, TEST_IDENTITY_API_KEY, testConfig } from "../support/test-config.ts";
import { expectStatus, typedApi } from "../support/typed-api.ts";

let service: TestApp;
let api: ApiClient;
let seller: SeededAccount;
let sellerApi: ApiClient;

beforeAll(async () => {
  service = await startTestApp({ IDENTITY_API_KEY: TEST_IDENTITY_API_KEY });
  api = service.api;
  seller = await seedAccount(service.prisma, { name: "Seller Co", plan: "paid" });
  sellerApi = api.as(seller.accountKey);
});

afterAll(async () => {
  await service?.close();
});

async function usersWithEmail(email: string) {
  return service.prisma.user.count({ where: { email: { equals: email, mode: "insensitive" } } });
}

describe("accepting an invitation", () => {
  it("creates a partner account for a person with none, connects it and makes the seller an Account Source of its one flow", async () => {
    const domain = uniqueDomain("newbuyer");
    const email = `Bea@${domain.toUpperCase()}`;
    const invitation = await invite(sellerApi, email, { fields: ["first_name", "email", "loan.amount"] });
    expect(invitation.email).toBe(email.toLowerCase());

    const res = await accept(api, invitation.token, { email: `bea@${domain}`, name: "Bea Buyer", company: "Bea Mortgages" });
    expect(res.status).toBe(201);
    const body = res.body;
    expect(body).toMatchObject({
      created: true,
      account: { name: "Bea Mortgages", plan: "partner", email_domain: domain, created: true },
      user: { email: `bea@${domain}`, name: "Bea Buyer" },
      connection: { status: "active", role: "buyer", seller_account: { id: seller.accountId, name: "Seller Co" } },
      needs_destination: true,
    });
    expect(body.account_api_key).toMatch(/^lr_acct_/);

    // The person is the admin (with lead access) of the new account, whose key works.
    const buyer = typedApi(service.url, body.account_api_key!, service.fetch);
    expect(await expectStatus(buyer.accounts.me.$get(), 200)).toMatchObject({ id: body.account.id, plan: "partner" });
    const members = await expectStatus(buyer.members.$get({ query: {} }), 200);
    expect(members.members).toEqual([expect.objectContaining({ email: `bea@${domain}`, role: "admin", lead_access: true })]);

    // Its one flow is the Buyer Step Flow, with the seller as Account Source and the invited custom field declared.
    const flow = await expectStatus(buyer.flows[":id"].$get({ param: { id: body.connection.flow_id } }), 200);
    expect(flow.name).toBe("Buyer Step Flow");
    expect(flow.fields).toEqual([{ name: "loan.amount", required: false }]);
    expect(flow.sources).toEqual([
      expect.objectContaining({
        id: body.connection.source_id,
        seller_account: expect.objectContaining({ id: seller.accountId }),
        connection: expect.objectContaining({ id: body.connection.id }),
      }),
    ]);

    // The seller sees the accepted invitation and the connection, and was told by an account event.
    const asSeller = typedApi(service.url, seller.accountKey, service.fetch);
    const invitations = await expectStatus(asSeller.invitations.$get({ query: { status: "accepted" } }), 200);
    expect(invitations.invitations).toContainEqual(
      expect.objectContaining({ id: invitation.id, status: "accepted", connection_id: body.connection.id }),
    );
    const events = await expectStatus(asSeller.events.$get({ query: { type: "account" } }), 200);
    expect(events.events).toContainEqual(
      expect.objectContaining({ reason: "Invitation accepted", snapshot: expect.objectContaining({ connection_id: body.connection.id }) }),
    );
  });

  it("is idempotent for the same person and refuses a replay by anyone else", async () => {
    const domain = uniqueDomain("retry");
    const invitation = await invite(sellerApi, `cy@${domain}`);
    const first = await accept(api, invitation.token, { email: `cy@${domain}`, name: "Cy" });
    expect(first.status).toBe(201);
    const again = await accept(api, invitation.token, { email: `CY@${domain}`, name: "Cy" });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      created: false,
      account_api_key: null,
      connection: { id: first.body.connection.id },
      account: { id: first.body.account.id, created: false },
    });

    const replay = await accept<ErrorBody>(api, invitation.token, { email: `mallory@${uniqueDomain("evil")}`, name: "Mallory" });
    expect(replay.status).toBe(409);
    expect(replay.body.error).toMatchObject({ code: "invitation_used", message: expect.stringContaining("already been accepted") });
    expect(await service.prisma.connection.count({ where: { invitationId: invitation.id } })).toBe(1);
  });

  it("creates exactly one connection when five accepts of one token race", async () => {
    const domain = uniqueDomain("race");
    const invitation = await invite(sellerApi, `dee@${domain}`);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => accept(api, invitation.token, { email: `dee@${domain}`, name: "Dee" })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.connection.id)).size).toBe(1);
    expect(await service.prisma.connection.count({ where: { invitationId: invitation.id } })).toBe(1);
    expect(await service.prisma.account.count({ where: { emailDomain: domain } })).toBe(1);
    expect(await service.prisma.source.count({ where: { flowId: results[0]!.body.connection.flow_id } })).toBe(1);
  });

  it.each([
    ["expired", 410, "invitation_expired", /expired on \d{4}-\d{2}-\d{2}: ask Seller Co to send a new one/],
    ["revoked", 410, "invitation_revoked", /revoked by Seller Co/],
    ["for another email", 403, "invitation_email_mismatch", /sent to another email address/],
  ])("refuses an invitation that is %s, creating nothing", async (state, status, code, message) => {
    const domain = uniqueDomain("refused");
    const invitation = await invite(sellerApi, `eve@${domain}`);
    if (state === "expired")
      await service.prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    if (state === "revoked") expect((await sellerApi.delete(`/invitations/${invitation.id}`)).status).toBe(200);
    const acceptingEmail = state === "for another email" ? `someone-else@${domain}` : `eve@${domain}`;

    const res = await accept<ErrorBody>(api, invitation.token, { email: acceptingEmail, name: "Eve" });
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message).toMatch(message);
    expect(await usersWithEmail(acceptingEmail)).toBe(0);
    expect(await service.prisma.account.count({ where: { emailDomain: domain } })).toBe(0);
    expect(await service.prisma.connection.count({ where: { invitationId: invitation.id } })).toBe(0);
  });

  it("answers 404 for an unknown or malformed token", async () => {
    for (const token of ["lr_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not-a-token"]) {
      const res = await accept<ErrorBody>(api, token, { email: `x@${uniqueDomain()}`, name: "X" });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("invitation_not_found");
    }
  });

  it("connects the account a person is a member of, reusing a partner account's one flow", async () => {
    const buyer = await seedAccount(service.prisma, { name: "Partner Buyer", plan: "partner" });
    const flow = await createFlow(service.prisma, { accountId: buyer.accountId, name: "Existing flow" });
    const invitation = await invite(sellerApi, buyer.adminEmail);
    const res = await accept(api, invitation.token, { email: buyer.adminEmail, name: "Ada" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      account: { id: buyer.accountId, created: false },
      account_api_key: null,
      connection: { flow_id: flow.id },
    });
    expect(await service.prisma.flow.count({ where: { accountId: buyer.accountId } })).toBe(1);

    // A second invitation from the same seller into the same flow is refused as a duplicate.
    const second = await invite(api.as((await seedAccount(service.prisma)).accountKey), buyer.adminEmail);
    expect((await accept(api, second.token, { email: buyer.adminEmail, name: "Ada" })).status).toBe(201);
    const again = await invite(sellerApi, buyer.adminEmail);
    const duplicate = await accept<ErrorBody>(api, again.token, { email: buyer.adminEmail, name: "Ada" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: "already_connected", details: { connection_id: res.body.connection.id } });

    // A partner account cannot ask for a new flow: it has one.
    const third = await invite(api.as((await seedAccount(service.prisma)).accountKey), buyer.adminEmail);
    const newFlow = await accept<ErrorBody>(api, third.token, { email: buyer.adminEmail, name: "Ada", flow: "new" });
    expect(newFlow.status).toBe(403);
    expect(newFlow.body.error).toMatchObject({ code: "plan_limit", message: "partner accounts have one flow: upgrade to add more" });
  });

  it("lets a paid buyer choose a new Buyer Step Flow or one of its flows, and requires the choice", async () => {
    const buyer = await seedAccount(service.prisma, { name: "Paid Buyer", plan: "paid" });
    const existing = await createFlow(service.prisma, { accountId: buyer.accountId, name: "Mortgage leads" });
    const other = await seedAccount(service.prisma, { plan: "paid" });
    const othersFlow = await createFlow(service.prisma, { accountId: other.accountId, name: "Not yours" });

    const first = await invite(sellerApi, buyer.adminEmail);
    const noChoice = await accept<ErrorBody>(api, first.token, { email: buyer.adminEmail, name: "Ada" });
    expect(noChoice.status).toBe(422);
    expect(noChoice.body.error.code).toBe("flow_choice_required");
    const foreign = await accept<ErrorBody>(api, first.token, { email: buyer.adminEmail, name: "Ada", flow_id: othersFlow.id });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("flow_not_found");
    const both = await accept<ErrorBody>(api, first.token, { email: buyer.adminEmail, name: "Ada", flow: "new", flow_id: existing.id });
    expect(both.status).toBe(400);

    const created = await accept(api, first.token, { email: buyer.adminEmail, name: "Ada", flow: "new" });
    expect(created.status).toBe(201);
    const newFlow = await service.prisma.flow.findUniqueOrThrow({ where: { id: created.body.connection.flow_id } });
    expect(newFlow).toMatchObject({ name: "Buyer Step Flow", accountId: buyer.accountId });

    const secondSeller = await seedAccount(service.prisma, { name: "Second Seller" });
    const second = await invite(api.as(secondSeller.accountKey), buyer.adminEmail);
    const intoExisting = await accept(api, second.token, { email: buyer.adminEmail, name: "Ada", flow_id: existing.id });
    expect(intoExisting.status).toBe(201);
    expect(intoExisting.body.connection.flow_id).toBe(existing.id);
    const source = await service.prisma.source.findUniqueOrThrow({ where: { id: intoExisting.body.connection.source_id } });
    expect(source).toMatchObject({ flowId: existing.id, sellerAccountId: secondSeller.accountId, name: "Second Seller" });
  });

  it("refuses someone whose email domain belongs to an account they are not a member of, and tells its admins", async () => {
    const company = await seedAccount(service.prisma, { name: "Acme Leads", plan: "paid", claimDomain: true });
    const email = `fred@${company.domain}`;
    const invitation = await invite(sellerApi, email);

    const res = await accept<ErrorBody>(api, invitation.token, { email, name: "Fred" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "membership_required",
      message: "Ask an admin of Acme Leads to add you as a member with lead access, then accept this invitation again",
    });
    expect(await usersWithEmail(email)).toBe(0);
    expect(await service.prisma.connection.count({ where: { invitationId: invitation.id } })).toBe(0);

    const event = await service.prisma.event.findFirstOrThrow({ where: { accountId: company.accountId, type: "account" } });
    expect(event).toMatchObject({ outcome: "failure", reason: "Access requested" });
    expect(event.snapshot).toMatchObject({
      requester: { email, name: "Fred" },
      admin_user_ids: [company.adminUserId],
      invitation_id: invitation.id,
    });
    // A retry does not tell the admins twice.
    await accept(api, invitation.token, { email, name: "Fred" });
    expect(await service.prisma.event.count({ where: { accountId: company.accountId, type: "account" } })).toBe(1);

    // Once an admin adds them without lead access they are still refused; with lead access they connect the company.
    const companyMembers = typedApi(service.url, company.accountKey, service.fetch).members;
    const member = await expectStatus(companyMembers.$post({ json: { email, name: "Fred", lead_access: false } }), 201);
    // Added, not yet confirmed: still refused as a non-member. Fred then confirms (as the Slack bot does with his verified email).
    expect((await accept<ErrorBody>(api, invitation.token, { email, name: "Fred" })).body.error.code).toBe("membership_required");
    await confirmAs(member.id, email);
    const noAccess = await accept<ErrorBody>(api, invitation.token, { email, name: "Fred" });
    expect(noAccess.status).toBe(403);
    expect(noAccess.body.error).toMatchObject({
      code: "lead_access_required",
      message: expect.stringContaining("Ask an admin of Acme Leads to give you lead access"),
    });
    await expectStatus(companyMembers[":id"].$patch({ param: { id: member.id }, json: { lead_access: true } }), 200);
    const accepted = await accept(api, invitation.token, { email, name: "Fred", flow: "new" });
    expect(accepted.status).toBe(201);
    expect(accepted.body.account).toMatchObject({ id: company.accountId, created: false });
  });

  it("never uses a free email domain as an account's domain", async () => {
    const first = await invite(sellerApi, `gina.${Date.now()}@gmail.com`);
    const res = await accept(api, first.token, { email: first.email, name: "Gina" });
    expect(res.status).toBe(201);
    expect(res.body.account).toMatchObject({ name: "Gina", email_domain: null, plan: "partner" });
    // Another gmail user is not sent to Gina's account.
    const second = await invite(sellerApi, `hal.${Date.now()}@GMAIL.com`);
    const other = await accept(api, second.token, { email: second.email, name: "Hal" });
    expect(other.status).toBe(201);
    expect(other.body.account.id).not.toBe(res.body.account.id);
  });

  it("asks a person in several accounts which one accepts", async () => {
    const a = await seedAccount(service.prisma, { name: "First Co", plan: "paid" });
    const b = await seedAccount(service.prisma, { name: "Second Co", plan: "paid" });
    const added = await expectStatus(
      typedApi(service.url, b.accountKey, service.fetch).members.$post({ json: { email: a.adminEmail } }),
      201,
    );
    await confirmAs(added.id, a.adminEmail);
    const invitation = await invite(sellerApi, a.adminEmail);
    const res = await accept<ErrorBody>(api, invitation.token, { email: a.adminEmail, name: "Ada", flow: "new" });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: "account_choice_required",
      details: {
        accounts: expect.arrayContaining([
          { id: a.accountId, name: "First Co" },
          { id: b.accountId, name: "Second Co" },
        ]),
      },
    });
    const notMine = await accept<ErrorBody>(api, invitation.token, {
      email: a.adminEmail,
      name: "Ada",
      flow: "new",
      account_id: seller.accountId,
    });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe("not_a_member");
    const chosen = await accept(api, invitation.token, { email: a.adminEmail, name: "Ada", flow: "new", account_id: b.accountId });
    expect(chosen.status).toBe(201);
    expect(chosen.body.account.id).toBe(b.accountId);
  });

  it("refuses to connect an account to itself", async () => {
    const person = `ivy@${uniqueDomain("self")}`;
    const invitation = await invite(sellerApi, person);
    const added = await expectStatus(
      typedApi(service.url, seller.accountKey, service.fetch).members.$post({ json: { email: person } }),
      201,
    );
    await confirmAs(added.id, person);
    const res = await accept<ErrorBody>(api, invitation.token, { email: person, name: "Ivy" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("self_connection");
  });

  it("requires the identity provider's key, and is off without IDENTITY_API_KEY", async () => {
    const invitation = await invite(sellerApi, `jo@${uniqueDomain()}`);
    const body = { email: invitation.email, name: "Jo" };
    const missing = await api.post<ErrorBody>(`/invitations/${invitation.token}/accept`, body);
    expect(missing.status).toBe(401);
    const wrong = await api.as("not-the-identity-key").post<ErrorBody>(`/invitations/${invitation.token}/accept`, body);
    expect(wrong.status).toBe(401);
    const accountKey = await api.as(seller.accountKey).post<ErrorBody>(`/invitations/${invitation.token}/accept`, body);
    expect(accountKey.status).toBe(401);

    const unconfigured = invitationLinkRoutes({
      ...managementDepsFromConfig(
        testConfig({ ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }),
        service.prisma,
        new SecretBox(TEST_ENCRYPTION_KEY),
        createLogger("silent"),
        nothingCachedYet,
      ),
      identityApiKey: null,
    });
    const off = await unconfigured.request(`/invitations/${invitation.token}/accept`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TEST_IDENTITY_API_KEY}` },
      body: JSON.stringify(body),
    });
    expect(off.status).toBe(503);
    expect(((await off.json()) as ErrorBody).error.code).toBe("identity_provider_not_configured");
    expect(await service.prisma.connection.count({ where: { invitationId: invitation.id } })).toBe(0);
  });

  it("validates the body", async () => {
    const invitation = await invite(sellerApi, `kim@${uniqueDomain()}`);
    const res = await accept<ErrorBody>(api, invitation.token, { email: "not an email", name: "" });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_request");
  });
});

/** The added person says yes with their verified email (what the Slack "Join" button does). */
async function confirmAs(membershipId: string, email: string) {
  await decideMembership(service.prisma, { kind: "verified_email", membershipId, email }, "join");
}

export type { AcceptedBody };
