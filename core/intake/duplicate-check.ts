import { createHash } from "node:crypto";
import type { SqlPool } from "../db/sql-pool.ts";
import { valueAt } from "../flows/evaluate-lead-rules.ts";
import type { LeadRule } from "../flows/flow-config.ts";

type DuplicateRule = Extract<LeadRule, { operator: "is not a duplicate" }>;

/** What a live accepted lead leaves behind for "is not a duplicate" rules: a hash, never the value. */
export interface Fingerprint {
  field: string;
  valueHash: string;
  withinDays: number;
  reason: string;
}

/** The fingerprints of a lead for its flow's duplicate rules (blank values have none). */
export function leadFingerprints(rules: readonly LeadRule[], fields: Record<string, unknown>): Fingerprint[] {
  return rules
    .filter((rule): rule is DuplicateRule => rule.operator === "is not a duplicate")
    .flatMap((rule) => {
      const value = valueAt(fields, rule.field);
      if (value === undefined || value === null || typeof value === "object" || String(value).trim() === "") return [];
      const valueHash = createHash("sha256")
        .update(`${rule.field}\u0000${String(value).trim().toLowerCase()}`)
        .digest("hex");
      return [{ field: rule.field, valueHash, withinDays: rule.within_days, reason: rule.reason ?? "Duplicate" }];
    });
}

const FIND_DUPLICATE = `
  SELECT c.ord FROM unnest($2::text[], $3::text[], $4::integer[]) WITH ORDINALITY AS c(field, value_hash, days, ord)
  WHERE EXISTS (SELECT 1 FROM lead_fingerprints f
                WHERE f.flow_id = $1::uuid AND f.field = c.field AND f.value_hash = c.value_hash
                  AND f.created_at > now() - make_interval(days => c.days))
  ORDER BY c.ord LIMIT 1`;

/** Earlier live leads of a flow, by fingerprint: one indexed query per lead that has duplicate rules. */
export class DuplicateIndex {
  constructor(private readonly sql: SqlPool) {}

  /** The first fingerprint an earlier lead of the flow already had within its window, or null. */
  async find(flowId: string, fingerprints: Fingerprint[]): Promise<Fingerprint | null> {
    if (!fingerprints.length) return null;
    const { rows } = await this.sql.query<{ ord: string }>({
      name: "intake_find_duplicate",
      text: FIND_DUPLICATE,
      values: [flowId, fingerprints.map((f) => f.field), fingerprints.map((f) => f.valueHash), fingerprints.map((f) => f.withinDays)],
    });
    return rows[0] ? fingerprints[Number(rows[0].ord) - 1]! : null;
  }
}
