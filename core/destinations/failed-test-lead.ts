import type { PrismaClient } from "../db/prisma.ts";
import { flattenSubmission } from "../leads/submission-fields.ts";

/**
 * The fields of the latest test lead that failed at this destination, exactly as they were sent
 * (empty values included, `is_test` left out), so **Retry** re-sends that lead (sendTestLead with
 * these as its fields) instead of a fresh sample: a blank Company that failed is retried blank,
 * and a fixed mapping shows with the same data. Null when no test lead failed there.
 */
export async function failedTestLeadFields(
  prisma: PrismaClient,
  accountId: string,
  destinationId: string,
): Promise<Record<string, string> | null> {
  const delivery = await prisma.delivery.findFirst({
    where: { destinationId, status: "failed", lead: { accountId, isTest: true } },
    orderBy: { id: "desc" },
    select: { lead: { select: { raw: true } } },
  });
  const raw = delivery?.lead.raw;
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return null;
  const flat = flattenSubmission(raw as Record<string, unknown>, {});
  if (!flat.ok) return null;
  const { is_test: _isTest, ...fields } = flat.fields;
  return fields;
}
