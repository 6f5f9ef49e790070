import { expect } from "vitest";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { waitFor } from "./wait-for.ts";

/** What a seller posts with: a source's submit path and posting key (a SeededBuyer has both). */
export interface PostingSource {
  submitPath: string;
  postingKey: string;
}

/**
 * Posts one lead as a seller would (JSON, Bearer posting key), expects it accepted (201) and
 * returns its id. `body` is a field map, or a raw JSON string for odd input.
 */
export async function postLead(serviceUrl: string, source: PostingSource, body: Record<string, unknown> | string): Promise<string> {
  const res = await fetch(`${serviceUrl}${source.submitPath}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${source.postingKey}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const answer = (await res.json()) as { outcome?: string; reason?: string; lead?: { id: string } };
  expect(res.status, JSON.stringify(answer)).toBe(201);
  return answer.lead!.id;
}

/** Waits until a lead is final (delivered or failed) and returns it with its deliveries and events. */
export async function leadSettled(prisma: PrismaClient, leadId: string) {
  return waitFor(`lead ${leadId} to settle`, async () => {
    const lead = await prisma.lead.findUnique({ where: { id: leadId }, include: { deliveries: true, events: { orderBy: { id: "asc" } } } });
    return lead && (lead.status === "delivered" || lead.status === "failed") ? lead : null;
  });
}
