import type { Db } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { parseInput } from "../invalid-input.ts";
import { leadRulesSchema, flowFieldsSchema } from "./flow-config.ts";

export interface NewFlow {
  accountId: string;
  name: string;
  fields?: unknown;
  rules?: unknown;
}

/** Creates a flow; fields and rules are validated (throws an InvalidInput naming the bad entry). */
export async function createFlow(prisma: Db, input: NewFlow) {
  const fields = parseInput(flowFieldsSchema, input.fields ?? [], "fields");
  const rules = parseInput(leadRulesSchema, input.rules ?? [], "rules");
  return prisma.flow.create({ data: { id: newId(), accountId: input.accountId, name: input.name, fields, rules } });
}
