import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretBox } from "../../core/crypto/secret-box.ts";
import { seedBuyer, type SeededBuyer } from "../support/seed-buyer.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { TEST_ENCRYPTION_KEY } from "../support/test-config.ts";

let service: TestApp;
let buyer: SeededBuyer;

beforeAll(async () => {
  service = await startTestApp();
  buyer = await seedBuyer(service.prisma, new SecretBox(TEST_ENCRYPTION_KEY), {
    rules: [{ field: "email", operator: "is not a duplicate", within_days: 30 }],
  });
});

afterAll(async () => {
  await service?.close();
});

async function post(fields: Record<string, string>) {
  const res = await service.fetch(`${service.url}${buyer.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${buyer.postingKey}` },
    body: JSON.stringify(fields),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { outcome: string; reason?: string; lead: { id: string } };
}

describe("the 'is not a duplicate' rule", () => {
  it("rejects a second live lead with the same normalised value as Duplicate, and keeps no value in the index", async () => {
    expect(await post({ email: "dup@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post({ email: " DUP@Example.com " })).toMatchObject({ outcome: "failure", reason: "Duplicate" });
    expect(await post({ email: "other@example.com" })).toMatchObject({ outcome: "success" });
    const stored = await service.prisma.leadFingerprint.findMany({ where: { flowId: buyer.flowId } });
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toContain("example.com");
  });

  it("never counts test leads, and test leads are never rejected as duplicates", async () => {
    expect(await post({ email: "tested@example.com", is_test: "true" })).toMatchObject({ outcome: "success" });
    expect(await post({ email: "tested@example.com", is_test: "true" })).toMatchObject({ outcome: "success" });
    expect(await post({ email: "tested@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post({ email: "tested@example.com", is_test: "true" })).toMatchObject({ outcome: "success" });
  });

  it("looks back only within_days", async () => {
    expect(await post({ email: "old@example.com" })).toMatchObject({ outcome: "success" });
    await service.prisma.leadFingerprint.updateMany({
      where: { flowId: buyer.flowId },
      data: { createdAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect(await post({ email: "old@example.com" })).toMatchObject({ outcome: "success" });
    expect(await post({ email: "old@example.com" })).toMatchObject({ outcome: "failure", reason: "Duplicate" });
  });

  it("does not check leads without the field", async () => {
    expect(await post({ first_name: "No email" })).toMatchObject({ outcome: "success" });
    expect(await post({ first_name: "No email" })).toMatchObject({ outcome: "success" });
  });
});
