import { Refusal } from "../refusal.ts";

export type Plan = "partner" | "paid";
export type PlanLimitedResource = "flow" | "destination";

/** How many of each resource a plan allows: a partner (free, invited buyer) gets one flow and one destination. */
const PLAN_LIMITS: Record<Plan, Record<PlanLimitedResource, number>> = {
  partner: { flow: 1, destination: 1 },
  paid: { flow: Number.POSITIVE_INFINITY, destination: Number.POSITIVE_INFINITY },
};

/**
 * Throws a `plan_limit` refusal when an account that already has `existing` of a resource may
 * not add another. Call it under the account's row lock (lockAccount) so concurrent adds cannot
 * both pass.
 */
export function assertPlanAllowsAnother(plan: Plan, resource: PlanLimitedResource, existing: number): void {
  const limit = PLAN_LIMITS[plan][resource];
  if (existing < limit) return;
  throw new Refusal("forbidden", "plan_limit", `${plan} accounts have one ${resource}: upgrade to add more`, { plan, resource, limit });
}
