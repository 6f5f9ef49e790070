import type { PrismaClient } from "../../core/db/prisma.ts";
import { addFlowStep } from "../../core/flows/add-flow-step.ts";
import { newId } from "../../core/ids.ts";
import { STANDARD_FIELDS } from "../../core/leads/standard-fields.ts";

/** Gives a buyer's flow a webhook destination (unsigned, standard fields mapped as-is) as its recipient step. */
export async function addWebhookDestination(prisma: PrismaClient, accountId: string, flowId: string, url: string): Promise<string> {
  const destination = await prisma.destination.create({
    data: {
      id: newId(),
      accountId,
      integration: "webhook",
      name: "Buyer webhook",
      action: "post",
      settings: { url },
      mappings: STANDARD_FIELDS.map((field) => ({ to: field.name, template: `{{lead.${field.name}}}` })),
    },
  });
  await addFlowStep(prisma, flowId, destination.id);
  return destination.id;
}
