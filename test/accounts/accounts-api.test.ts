import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { updateMember } from "../../core/members/change-member.ts";
import { addMember } from "../../core/members/add-member.ts";
import { Refusal } from "../../core/refusal.ts";
import type { ApiClient } from "../support/api-client.ts";
import type { ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { expectStatus, typedApi } from "../support/typed-api.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

let service: TestApp;
let api: ApiClient;

beforeAll(async () => {
  service = await startTestApp();
  api = service.api;
});

afterAll(async () => {
  await service?.close();
});

describe("accounts", () => {
  it("reads and renames the key's account", async () => {
    const account = await seedAccount(service.prisma, { name: "Old Name", plan: "partner" });
    const me = typedApi(service.url, account.accountKey, service.fetch).accounts.me;
    expect(await expectStatus(me.$get(), 200)).toEqual({
      id: account.accountId,
      name: "Old Name",
      plan: "partner",
      email_domain: null,
      created_at: expect.any(String),
    });
    const renamed = await expectStatus(me.$patch({ json: { name: "New Name" } }), 200);
    expect(renamed).toMatchObject({ name: "New Name", plan: "partner" });
    // The plan is not the API's to change: a field the typed client cannot send, so sent raw.
    expect((await api.as(account.accountKey).patch<ErrorBody>("/accounts/me", { plan: "paid" })).status).toBe(400);
  });

  it("sets the email domain only to an admin's own, non-free, unclaimed domain", async () => {
    const account = await seedAccount(service.prisma, { name: "Domain Co" });
    const me = typedApi(service.url, account.accountKey, service.fetch).accounts.me;
    const setDomain = (email_domain: string | null) => me.$patch({ json: { email_domain } });
    const free = await expectStatus(setDomain("gmail.com"), 422);
    expect(free.error.code).toBe("free_email_domain");
    expect((await expectStatus(setDomain("yahoo.co.uk"), 422)).error.code).toBe("free_email_domain");
    // mailbox.org: only the email-providers package's list knows it (the hand-written list did not).
    expect((await expectStatus(setDomain("mailbox.org"), 422)).error.code).toBe("free_email_domain");
    const someoneElses = await expectStatus(setDomain(uniqueDomain("bigcorp")), 422);
    expect(someoneElses.error.code).toBe("email_domain_unverified");
    const own = await expectStatus(setDomain(account.domain.toUpperCase()), 200);
    expect(own.email_domain).toBe(account.domain);

    const rival = await seedAccount(service.prisma, { domain: account.domain });
    const taken = await expectStatus(
      typedApi(service.url, rival.accountKey, service.fetch).accounts.me.$patch({ json: { email_domain: account.domain } }),
      409,
    );
    expect(taken.error.code).toBe("email_domain_taken");
    expect((await expectStatus(setDomain(null), 200)).email_domain).toBeNull();
  });
});

describe("members", () => {
  it("adds, lists (paged), changes and removes members, never losing the last admin", async () => {
    const account = await seedAccount(service.prisma);
    const { members } = typedApi(service.url, account.accountKey, service.fetch);
    const bob = await expectStatus(members.$post({ json: { email: `Bob@${account.domain}`, name: "Bob" } }), 201);
    expect(bob).toMatchObject({ email: `bob@${account.domain}`, name: "Bob", role: "member", lead_access: true, status: "pending" });
    const cat = await expectStatus(members.$post({ json: { email: `cat@${account.domain}`, role: "admin", lead_access: false } }), 201);
    expect(cat).toMatchObject({ role: "admin", lead_access: false });
    const duplicate = await expectStatus(members.$post({ json: { email: `BOB@${account.domain}` } }), 409);
    expect(duplicate.error).toMatchObject({ code: "already_member", details: { member_id: bob.id } });

    const page1 = await expectStatus(members.$get({ query: { limit: "2" } }), 200);
    expect(page1.members.map((m) => m.id)).toEqual([cat.id, bob.id]);
    const page2 = await expectStatus(members.$get({ query: { limit: "2", cursor: page1.next_cursor! } }), 200);
    expect(page2).toEqual({ members: [expect.objectContaining({ email: account.adminEmail, role: "admin" })], next_cursor: null });
    const admin = page2.members[0]!;

    const member = members[":id"];
    expect(await expectStatus(member.$patch({ param: { id: bob.id }, json: { lead_access: false } }), 200)).toMatchObject({
      role: "member",
      lead_access: false,
    });
    expect((await expectStatus(member.$patch({ param: { id: cat.id }, json: { role: "member" } }), 200)).role).toBe("member");
    const lastAdmin = await expectStatus(member.$patch({ param: { id: admin.id }, json: { role: "member" } }), 409);
    expect(lastAdmin.error.code).toBe("last_admin");
    await expectStatus(member.$delete({ param: { id: admin.id } }), 409);

    await expectStatus(member.$delete({ param: { id: bob.id } }), 204);
    await expectStatus(member.$delete({ param: { id: bob.id } }), 404);
    await expectStatus(member.$patch({ param: { id: "not-an-id" }, json: { role: "admin" } }), 404);
  });

  it("validates bodies and content types", async () => {
    const account = await seedAccount(service.prisma);
    const client = typedApi(service.url, account.accountKey, service.fetch);
    // A role the schema does not have: the typed client cannot send it, so it goes raw.
    const bad = await api.as(account.accountKey).post<ErrorBody>("/members", { email: "not-an-email", role: "owner" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
    await expectStatus(client["api-keys"].$post({ json: { name: "line\nbreak" } }), 400);
    const text = await service.fetch(`${service.url}/members`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.accountKey}`, "content-type": "text/plain" },
      body: "hi",
    });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).error.code).toBe("unsupported_media_type");
    const malformed = await service.fetch(`${service.url}/members`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.accountKey}`, "content-type": "application/json" },
      body: "{",
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).error.code).toBe("invalid_request");
  });

  it("lets only admins change members when a person (not a key) acts, e.g. through the Slack bot", async () => {
    const account = await seedAccount(service.prisma);
    const memberDeps = {
      prisma: service.prisma,
      publicUrl: service.url,
      mailer: null,
      logger: createLogger("silent"),
      invitationTtlDays: 14,
    };
    const member = await addMember(
      memberDeps,
      account.accountId,
      { kind: "account_key" },
      { email: `dan@${account.domain}`, role: "member", leadAccess: true },
    );
    const attempt = updateMember(service.prisma, account.accountId, { kind: "user", userId: member.user_id }, member.id, { role: "admin" });
    await expect(attempt).rejects.toBeInstanceOf(Refusal);
    await expect(attempt).rejects.toMatchObject({ code: "admin_required" });
    const byAdmin = await updateMember(service.prisma, account.accountId, { kind: "user", userId: account.adminUserId }, member.id, {
      role: "admin",
    });
    expect(byAdmin.role).toBe("admin");
  });
});

describe("API keys", () => {
  it("issues a named key once, lists keys without secrets, and revokes them (never the last)", async () => {
    const account = await seedAccount(service.prisma);
    const apiKeys = typedApi(service.url, account.accountKey, service.fetch)["api-keys"];
    const issued = await expectStatus(apiKeys.$post({ json: { name: "CI" } }), 201);
    expect(issued.key).toMatch(/^lr_acct_/);
    expect(issued.key.startsWith(issued.prefix)).toBe(true);
    await expectStatus(typedApi(service.url, issued.key, service.fetch).accounts.me.$get(), 200);

    const list = await expectStatus(apiKeys.$get({ query: {} }), 200);
    expect(list.api_keys.map((k) => k.name)).toEqual(["CI", "test"]);
    expect(JSON.stringify(list)).not.toContain(issued.key);
    expect(JSON.stringify(list)).not.toContain(account.accountKey);

    const revoked = await expectStatus(apiKeys[":id"].$delete({ param: { id: issued.id } }), 200);
    expect(revoked.revoked_at).not.toBeNull();
    await expectStatus(typedApi(service.url, issued.key, service.fetch).accounts.me.$get(), 401);
    await expectStatus(apiKeys[":id"].$delete({ param: { id: issued.id } }), 200);

    const original = list.api_keys.find((k) => k.name === "test")!;
    const last = await expectStatus(apiKeys[":id"].$delete({ param: { id: original.id } }), 409);
    expect(last.error.code).toBe("last_api_key");
  });
});
