import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { acceptanceRulesSchema, flowFieldsSchema } from "./flow-config.ts";

export interface NewFlow {
  accountId: string;
  name: string;
  fields?: unknown;
  rules?: unknown;
}

/** Creates a flow; fields and rules are validated (throws a ZodError naming the bad entry). */
export async function createFlow(prisma: Db, input: NewFlow) {
  const fields = flowFieldsSchema.parse(input.fields ?? []);
  const rules = acceptanceRulesSchema.parse(input.rules ?? []);
  return prisma.flow.create({ data: { id: newId(), accountId: input.accountId, name: input.name, fields, rules } });
}
