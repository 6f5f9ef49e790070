import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.ts";
import { updateMember } from "../../core/members/change-member.ts";
import { addMember } from "../../core/members/add-member.ts";
import { Refusal } from "../../core/refusal.ts";
import type { ApiClient } from "../support/api-client.ts";
import type { ErrorBody } from "../support/invitation-flow.ts";
import { seedAccount, uniqueDomain } from "../support/seed-account.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

interface MemberBody {
  id: string;
  user_id: string;
  email: string;
  name: string | null;
  role: string;
  lead_access: boolean;
}

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
    const client = api.as(account.accountKey);
    expect((await client.get("/accounts/me")).body).toEqual({ id: account.accountId, name: "Old Name", plan: "partner", email_domain: null, created_at: expect.any(String) });
    const renamed = await client.patch("/accounts/me", { name: "New Name" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "New Name", plan: "partner" });
    const planChange = await client.patch<ErrorBody>("/accounts/me", { plan: "paid" });
    expect(planChange.status).toBe(400);
  });

  it("sets the email domain only to an admin's own, non-free, unclaimed domain", async () => {
    const account = await seedAccount(service.prisma, { name: "Domain Co" });
    const client = api.as(account.accountKey);
    const free = await client.patch<ErrorBody>("/accounts/me", { email_domain: "gmail.com" });
    expect(free.status).toBe(422);
    expect(free.body.error.code).toBe("free_email_domain");
    const yahooUk = await client.patch<ErrorBody>("/accounts/me", { email_domain: "yahoo.co.uk" });
    expect(yahooUk.body.error.code).toBe("free_email_domain");
    // mailbox.org: only the email-providers package's list knows it (the hand-written list did not).
    const listed = await client.patch<ErrorBody>("/accounts/me", { email_domain: "mailbox.org" });
    expect(listed.body.error.code).toBe("free_email_domain");
    const someoneElses = await client.patch<ErrorBody>("/accounts/me", { email_domain: uniqueDomain("bigcorp") });
    expect(someoneElses.status).toBe(422);
    expect(someoneElses.body.error.code).toBe("email_domain_unverified");
    const own = await client.patch("/accounts/me", { email_domain: account.domain.toUpperCase() });
    expect(own.status).toBe(200);
    expect(own.body.email_domain).toBe(account.domain);

    const rival = await seedAccount(service.prisma, { domain: account.domain });
    const taken = await api.as(rival.accountKey).patch<ErrorBody>("/accounts/me", { email_domain: account.domain });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe("email_domain_taken");
    expect((await client.patch("/accounts/me", { email_domain: null })).body.email_domain).toBeNull();
  });
});

describe("members", () => {
  it("adds, lists (paged), changes and removes members, never losing the last admin", async () => {
    const account = await seedAccount(service.prisma);
    const client = api.as(account.accountKey);
    const bob = await client.post<MemberBody>("/members", { email: `Bob@${account.domain}`, name: "Bob" });
    expect(bob.status).toBe(201);
    expect(bob.body).toMatchObject({ email: `bob@${account.domain}`, name: "Bob", role: "member", lead_access: true, status: "pending" });
    const cat = await client.post<MemberBody>("/members", { email: `cat@${account.domain}`, role: "admin", lead_access: false });
    expect(cat.body).toMatchObject({ role: "admin", lead_access: false });
    const duplicate = await client.post<ErrorBody>("/members", { email: `BOB@${account.domain}` });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: "already_member", details: { member_id: bob.body.id } });

    const page1 = await client.get<{ members: MemberBody[]; next_cursor: string }>("/members?limit=2");
    expect(page1.body.members.map((m) => m.id)).toEqual([cat.body.id, bob.body.id]);
    const page2 = await client.get<{ members: MemberBody[]; next_cursor: string | null }>(`/members?limit=2&cursor=${page1.body.next_cursor}`);
    expect(page2.body).toEqual({ members: [expect.objectContaining({ email: account.adminEmail, role: "admin" })], next_cursor: null });
    const admin = page2.body.members[0]!;

    expect((await client.patch<MemberBody>(`/members/${bob.body.id}`, { lead_access: false })).body).toMatchObject({ role: "member", lead_access: false });
    expect((await client.patch<MemberBody>(`/members/${cat.body.id}`, { role: "member" })).body.role).toBe("member");
    const lastAdmin = await client.patch<ErrorBody>(`/members/${admin.id}`, { role: "member" });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.body.error.code).toBe("last_admin");
    const removeLastAdmin = await client.delete<ErrorBody>(`/members/${admin.id}`);
    expect(removeLastAdmin.status).toBe(409);

    const removed = await service.fetch(`${service.url}/members/${bob.body.id}`, { method: "DELETE", headers: { authorization: `Bearer ${account.accountKey}` } });
    expect(removed.status).toBe(204);
    expect((await client.delete<ErrorBody>(`/members/${bob.body.id}`)).status).toBe(404);
    expect((await client.patch<ErrorBody>("/members/not-an-id", { role: "admin" })).status).toBe(404);
  });

  it("validates bodies and content types", async () => {
    const account = await seedAccount(service.prisma);
    const client = api.as(account.accountKey);
    const bad = await client.post<ErrorBody>("/members", { email: "not-an-email", role: "owner" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_request");
    const controlChars = await client.post<ErrorBody>("/api-keys", { name: "line\nbreak" });
    expect(controlChars.status).toBe(400);
    const text = await service.fetch(`${service.url}/members`, { method: "POST", headers: { authorization: `Bearer ${account.accountKey}`, "content-type": "text/plain" }, body: "hi" });
    expect(text.status).toBe(415);
    expect(((await text.json()) as ErrorBody).error.code).toBe("unsupported_media_type");
    const malformed = await service.fetch(`${service.url}/members`, { method: "POST", headers: { authorization: `Bearer ${account.accountKey}`, "content-type": "application/json" }, body: "{" });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as ErrorBody).error.code).toBe("invalid_request");
  });

  it("lets only admins change members when a person (not a key) acts, e.g. through the Slack bot", async () => {
    const account = await seedAccount(service.prisma);
    const memberDeps = { prisma: service.prisma, publicUrl: service.url, mailer: null, logger: createLogger("silent"), invitationTtlDays: 14 };
    const member = await addMember(memberDeps, account.accountId, { kind: "account_key" }, { email: `dan@${account.domain}`, role: "member", leadAccess: true });
    const attempt = updateMember(service.prisma, account.accountId, { kind: "user", userId: member.user_id }, member.id, { role: "admin" });
    await expect(attempt).rejects.toBeInstanceOf(Refusal);
    await expect(attempt).rejects.toMatchObject({ code: "admin_required" });
    const byAdmin = await updateMember(service.prisma, account.accountId, { kind: "user", userId: account.adminUserId }, member.id, { role: "admin" });
    expect(byAdmin.role).toBe("admin");
  });
});

describe("API keys", () => {
  it("issues a named key once, lists keys without secrets, and revokes them (never the last)", async () => {
    const account = await seedAccount(service.prisma);
    const client = api.as(account.accountKey);
    const issued = await client.post<{ id: string; name: string; prefix: string; key: string }>("/api-keys", { name: "CI" });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^lr_acct_/);
    expect(issued.body.key.startsWith(issued.body.prefix)).toBe(true);
    expect((await api.as(issued.body.key).get("/accounts/me")).status).toBe(200);

    const list = await client.get<{ api_keys: { id: string; name: string; revoked_at: string | null }[] }>("/api-keys");
    expect(list.body.api_keys.map((k) => k.name)).toEqual(["CI", "test"]);
    expect(JSON.stringify(list.body)).not.toContain(issued.body.key);
    expect(JSON.stringify(list.body)).not.toContain(account.accountKey);

    const revoked = await client.delete<{ revoked_at: string | null }>(`/api-keys/${issued.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    expect((await api.as(issued.body.key).get("/accounts/me")).status).toBe(401);
    expect((await client.delete(`/api-keys/${issued.body.id}`)).status).toBe(200);

    const original = list.body.api_keys.find((k) => k.name === "test")!;
    const last = await client.delete<ErrorBody>(`/api-keys/${original.id}`);
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe("last_api_key");
  });
});
