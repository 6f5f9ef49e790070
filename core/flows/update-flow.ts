import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import { notFound } from "../refusal.ts";
import { acceptanceRulesSchema, flowFieldsSchema } from "./flow-config.ts";
import { getFlow } from "./get-flow.ts";
import type { FlowDetailView } from "./flow-view.ts";

export interface FlowChanges {
  name?: string;
  enabled?: boolean;
  /** Replaces the flow's fields (FlowFields). */
  fields?: unknown;
  /** Replaces the flow's acceptance rules. */
  rules?: unknown;
}

/**
 * Changes one of the account's flows. Fields and rules are replaced whole and validated (a
 * ZodError names the bad entry). Intake sees the change within its ~2 s source cache.
 */
export async function updateFlow(db: Db, accountId: string, flowId: string, changes: FlowChanges, publicUrl: string): Promise<FlowDetailView> {
  const fields = changes.fields === undefined ? undefined : flowFieldsSchema.parse(changes.fields);
  const rules = changes.rules === undefined ? undefined : acceptanceRulesSchema.parse(changes.rules);
  const updated = isId(flowId)
    ? await db.flow.updateMany({ where: { id: flowId, accountId }, data: { name: changes.name, enabled: changes.enabled, fields, rules } })
    : { count: 0 };
  if (updated.count === 0) throw notFound("flow");
  return (await getFlow(db, accountId, flowId, publicUrl))!;
}
