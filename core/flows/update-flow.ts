import { sourceCapsSchema } from "../caps/source-cap.ts";
import type { Db } from "../db/prisma.ts";
import type { SourceContextChanges } from "../intake/source-context-changes.ts";
import { isId } from "../ids.ts";
import { parseInput } from "../invalid-input.ts";
import { notFound, Refusal } from "../refusal.ts";
import { leadRulesSchema, flowFieldsSchema } from "./flow-config.ts";
import { getFlow } from "./get-flow.ts";
import type { FlowDetailView } from "./flow-view.ts";

export interface FlowChanges {
  name?: string;
  enabled?: boolean;
  /** Replaces the flow's fields (FlowFields). */
  fields?: unknown;
  /** Replaces the flow's acceptance rules. */
  rules?: unknown;
  /** Per source of this flow: replaces its volume caps (SourceCap[]; [] removes them). Sources not listed keep theirs. */
  sources?: { id: string; caps: unknown }[];
}

/**
 * Changes one of the account's flows. Fields, rules and a source's caps are replaced whole and
 * validated (an InvalidInput names the bad entry). Intake, in every process, applies the change from
 * the next lead (`changes` drops its cached flow).
 */
export async function updateFlow(
  db: Db,
  accountId: string,
  flowId: string,
  changes: FlowChanges,
  publicUrl: string,
  sourceChanges: SourceContextChanges,
): Promise<FlowDetailView> {
  const fields = changes.fields === undefined ? undefined : parseInput(flowFieldsSchema, changes.fields, "fields");
  const rules = changes.rules === undefined ? undefined : parseInput(leadRulesSchema, changes.rules, "rules");
  const sources = (changes.sources ?? []).map((source, index) => ({
    id: source.id,
    caps: parseInput(sourceCapsSchema, source.caps, `sources.${index}.caps`),
  }));
  if (!isId(flowId) || !(await db.flow.findFirst({ where: { id: flowId, accountId }, select: { id: true } }))) throw notFound("flow");
  await checkSourcesOfFlow(
    db,
    flowId,
    sources.map((source) => source.id),
  );
  await db.flow.updateMany({ where: { id: flowId, accountId }, data: { name: changes.name, enabled: changes.enabled, fields, rules } });
  for (const source of sources) await db.source.updateMany({ where: { id: source.id, flowId }, data: { caps: source.caps } });
  await sourceChanges.changed([flowId]);
  return (await getFlow(db, accountId, flowId, publicUrl))!;
}

/** Every listed source must be one of this flow's: a typo or another flow's id must not be silently ignored. */
async function checkSourcesOfFlow(db: Db, flowId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const known = new Set(
    (await db.source.findMany({ where: { flowId, id: { in: ids.filter(isId) } }, select: { id: true } })).map((source) => source.id),
  );
  const index = ids.findIndex((id) => !known.has(id));
  if (index !== -1) {
    throw new Refusal("invalid", "unknown_source", `sources.${index}.id is not a source of this flow (GET /flows/{id} lists them)`, {
      path: `sources.${index}.id`,
    });
  }
}
