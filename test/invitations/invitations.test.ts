import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecretToken } from "../../core/crypto/secret-token.ts";
import { createLogger } from "../../core/logger.ts";
import { startService, type RunningService } from "../../server/service.ts";
import { ApiClient } from "../support/api-client.ts";
import { invite, tokenOf } from "../support/invitation-flow.ts";
import { LocalSmtpServer } from "../support/local-smtp-server.ts";
import { seedAccount, uniqueDomain, type SeededAccount } from "../support/seed-account.ts";
import { testConfig } from "../support/test-config.ts";
import { expectStatus, typedApi } from "../support/typed-api.ts";
import { waitFor } from "../support/wait-for.ts";

const PUBLIC_URL = "https://leads.example.test";

describe("invitations without SMTP", () => {
  let service: RunningService;
  let seller: SeededAccount;
  let sellerApi: ApiClient;

  beforeAll(async () => {
    service = await startService(testConfig({ RUN_WORKERS: "false", PUBLIC_URL }), createLogger("silent"));
    seller = await seedAccount(service.prisma, { name: `Seller <b>"Quotes"</b>`, plan: "paid" });
    sellerApi = new ApiClient(service.url, seller.accountKey);
  });

  afterAll(async () => {
    await service?.close();
  });

  it("creates a pending, single-use invitation and returns its link for the seller to forward", async () => {
    const email = `Lea@${uniqueDomain("invitee")}`;
    const sent = await expectStatus(
      typedApi(service.url, seller.accountKey).invitations.$post({ json: { email, fields: ["first_name", "loan.amount"] } }),
      201,
    );
    expect(sent).toMatchObject({
      email: email.toLowerCase(),
      fields: ["first_name", "loan.amount"],
      status: "pending",
      email_sent: false,
      connection_id: null,
    });
    expect(sent.email_detail).toMatch(/SMTP_URL.*forward the accept_url/);
    expect(sent.accept_url).toMatch(new RegExp(`^${PUBLIC_URL}/invitations/lr_inv_[A-Za-z0-9_-]+$`));
    const days = (Date.parse(sent.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);

    // Stored hashed, and sealed (not in clear) so the link can be shown again.
    const token = tokenOf(sent.accept_url);
    const row = await service.prisma.invitation.findUniqueOrThrow({ where: { id: sent.id } });
    expect(row.tokenHash).toBe(hashSecretToken(token));
    expect(row.tokenSealed).toMatch(/^v1\./);
    expect(row.tokenSealed).not.toContain(token.slice(7));
  });

  it("returns the pending invitation (same link) when the same email is invited again, and a new one once revoked", async () => {
    const email = `max@${uniqueDomain("reinvite")}`;
    const first = await invite(sellerApi, email);
    const { invitations } = typedApi(service.url, seller.accountKey);
    const again = await expectStatus(invitations.$post({ json: { email: email.toUpperCase(), fields: ["email"] } }), 200);
    expect(again).toMatchObject({ id: first.id, accept_url: first.accept_url, fields: ["email"] });
    const quick = await Promise.all([1, 2, 3].map(() => expectStatus(invitations.$post({ json: { email } }), 200)));
    expect(new Set(quick.map((invitation) => invitation.id))).toEqual(new Set([first.id]));

    const param = { id: first.id };
    const revoked = await expectStatus(invitations[":id"].revoke.$post({ param }), 200);
    expect(revoked).toMatchObject({ id: first.id, status: "revoked" });
    expect(await service.prisma.invitation.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ tokenSealed: null });
    await expectStatus(invitations[":id"].$delete({ param }), 200);

    const fresh = await invite(sellerApi, email);
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.accept_url).not.toBe(first.accept_url);
  });

  it("does not return an expired invitation again", async () => {
    const email = `ned@${uniqueDomain("expired")}`;
    const first = await invite(sellerApi, email, { expires_in_days: 1 });
    await service.prisma.invitation.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const second = await invite(sellerApi, email);
    expect(second.id).not.toBe(first.id);
    const { invitations } = typedApi(service.url, seller.accountKey);
    const expired = await expectStatus(invitations.$get({ query: { status: "expired" } }), 200);
    expect(expired.invitations).toContainEqual(expect.objectContaining({ id: first.id, status: "expired" }));
    const pending = await expectStatus(invitations.$get({ query: { status: "pending" } }), 200);
    expect(pending.invitations.map((i) => i.id)).toContain(second.id);
    expect(pending.invitations.map((i) => i.id)).not.toContain(first.id);
  });

  it("lists invitations newest first with cursor pagination", async () => {
    const other = await seedAccount(service.prisma);
    const api = new ApiClient(service.url, other.accountKey);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await invite(api, `p${i}@${uniqueDomain()}`)).id);
    const { invitations } = typedApi(service.url, other.accountKey);
    const page1 = await expectStatus(invitations.$get({ query: { limit: "2" } }), 200);
    expect(page1.invitations.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    const page2 = await expectStatus(invitations.$get({ query: { limit: "2", cursor: page1.next_cursor! } }), 200);
    expect(page2).toEqual({ invitations: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
  });

  it("refuses to invite a member of the seller's own account, and validates the body", async () => {
    const { invitations } = typedApi(service.url, seller.accountKey);
    const self = await expectStatus(invitations.$post({ json: { email: seller.adminEmail } }), 409);
    expect(self.error.code).toBe("self_invitation");
    const bad = await expectStatus(invitations.$post({ json: { email: "nope", fields: ["ok", "__proto__"] } }), 400);
    expect(bad.error.code).toBe("invalid_request");
  });

  it("does not revoke an accepted invitation", async () => {
    const invitation = await invite(sellerApi, `oli@${uniqueDomain()}`);
    await service.prisma.invitation.update({ where: { id: invitation.id }, data: { status: "accepted", acceptedAt: new Date() } });
    const used = await expectStatus(
      typedApi(service.url, seller.accountKey).invitations[":id"].$delete({ param: { id: invitation.id } }),
      409,
    );
    expect(used.error).toMatchObject({ code: "invitation_used", message: expect.stringContaining("end its connection instead") });
  });

  it("serves the link as an escaped landing page (HTML, or JSON on request), 404 for an unknown token", async () => {
    const invitation = await invite(sellerApi, `pam@${uniqueDomain()}`, { fields: ["first_name"] });
    const page = await fetch(`${service.url}/invitations/${invitation.token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("Seller &lt;b&gt;&quot;Quotes&quot;&lt;/b&gt; invites you to connect");
    expect(html).not.toContain("<b>");
    expect(html).toContain("Accept invite to connect");

    const json = await new ApiClient(service.url).get(`/invitations/${invitation.token}`);
    expect(json.body).toEqual({
      seller_account: { name: `Seller <b>"Quotes"</b>` },
      email: invitation.email,
      fields: ["first_name"],
      status: "pending",
      expires_at: expect.any(String),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    });

    const unknown = await fetch(`${service.url}/invitations/lr_inv_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.status).toBe(404);
  });
});

describe("invitations with SMTP", () => {
  let service: RunningService;
  let smtp: LocalSmtpServer;
  let sellerApi: ApiClient;

  beforeAll(async () => {
    smtp = await new LocalSmtpServer().listen();
    service = await startService(
      testConfig({ RUN_WORKERS: "false", PUBLIC_URL, SMTP_URL: smtp.url, SMTP_FROM: "Leadrelay <invites@leadrelay.test>" }),
      createLogger("silent"),
    );
    const seller = await seedAccount(service.prisma, { name: "Mailing Seller", plan: "paid" });
    sellerApi = new ApiClient(service.url, seller.accountKey);
  });

  afterAll(async () => {
    await service?.close();
    await smtp?.close();
  });

  it('emails the buyer an "Accept invite to connect" link, not again when re-invited the same day, again a day later', async () => {
    const email = `quinn@${uniqueDomain("mail")}`;
    const invitation = await invite(sellerApi, email, { fields: ["first_name", "email"] });
    expect(invitation).toMatchObject({ email_sent: true, email_detail: `Invitation emailed to ${email}` });

    const mail = await waitFor("the invitation email", () => smtp.messages.find((m) => m.to.includes(email)));
    expect(mail.from).toBe("invites@leadrelay.test");
    expect(mail.decoded).toContain("Subject: Mailing Seller invites you to connect on leadrelay");
    expect(mail.decoded).toContain("Accept invite to connect");
    expect(mail.decoded).toContain(`${PUBLIC_URL}/invitations/${invitation.token}`);
    expect(mail.decoded).toContain(`href="${PUBLIC_URL}/invitations/${invitation.token}"`);
    expect(mail.decoded).toContain("first_name, email");

    const again = await invite(sellerApi, email);
    expect(again).toMatchObject({
      id: invitation.id,
      email_sent: false,
      email_detail: expect.stringContaining("Already emailed in the last 24 hours"),
    });
    // A day later (its last notification moved back), re-inviting emails the same link again.
    await service.prisma.invitation.update({ where: { id: invitation.id }, data: { notifiedAt: new Date(Date.now() - 25 * 3_600_000) } });
    const dayLater = await invite(sellerApi, email);
    expect(dayLater).toMatchObject({ id: invitation.id, email_sent: true });
    await waitFor("the second email", () => smtp.messages.filter((m) => m.to.includes(email)).length === 2);
    expect(
      smtp.messages.filter((m) => m.to.includes(email)).every((m) => m.decoded.includes(`${PUBLIC_URL}/invitations/${invitation.token}`)),
    ).toBe(true);
  });

  it("keeps the invitation and says so when the mail server is unreachable", async () => {
    await smtp.close();
    const email = `rae@${uniqueDomain("down")}`;
    const invitation = await invite(sellerApi, email);
    expect(invitation).toMatchObject({ status: "pending", email_sent: false });
    expect(invitation.email_detail).toMatch(/could not be sent: forward the accept_url/);
    smtp = await new LocalSmtpServer().listen();
  });
});
