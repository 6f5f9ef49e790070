import { createAccount } from "../../core/accounts/create-account.ts";
import { issueAccountKey } from "../../core/accounts/issue-account-key.ts";
import type { SecretBox } from "../../core/crypto/secret-box.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { createDestination, type NewDestination } from "../../core/destinations/create-destination.ts";
import { addFlowStep } from "../../core/flows/add-flow-step.ts";
import { createFlow } from "../../core/flows/create-flow.ts";
import { createSource } from "../../core/sources/create-source.ts";

export interface SeededBuyer {
  accountId: string;
  accountKey: string;
  flowId: string;
  sourceId: string;
  postingKey: string;
  destinationId: string | null;
  submitPath: string;
}

/** A buyer account with one flow, one source and (optionally) one destination step. */
export async function seedBuyer(
  prisma: PrismaClient,
  secretBox: SecretBox,
  options: { fields?: unknown; rules?: unknown; destination?: Omit<NewDestination, "accountId"> } = {},
): Promise<SeededBuyer> {
  const account = await createAccount(prisma, { name: "Buyer Co", plan: "partner" });
  const { key } = await issueAccountKey(prisma, account.id, "test");
  const flow = await createFlow(prisma, { accountId: account.id, name: "Test flow", fields: options.fields, rules: options.rules });
  const { source, postingKey } = await createSource(prisma, { flowId: flow.id, name: "Test source" });
  let destinationId: string | null = null;
  if (options.destination) {
    const destination = await createDestination(prisma, secretBox, { ...options.destination, accountId: account.id });
    await addFlowStep(prisma, flow.id, destination.id);
    destinationId = destination.id;
  }
  return {
    accountId: account.id,
    accountKey: key,
    flowId: flow.id,
    sourceId: source.id,
    postingKey,
    destinationId,
    submitPath: `/flows/${flow.id}/sources/${source.id}/submit`,
  };
}
