import { lockAccount } from "../accounts/lock-account.ts";
import { assertPlanAllowsAnother } from "../accounts/plan-limits.ts";
import type { PrismaClient } from "../db/prisma.ts";
import { notFound } from "../refusal.ts";
import { createFlow, type NewFlow } from "./create-flow.ts";
import { getFlow } from "./get-flow.ts";
import type { FlowDetailView } from "./flow-view.ts";

/** Creates a flow if the account's plan allows another (a partner account has one). */
export async function createFlowWithinPlan(prisma: PrismaClient, input: NewFlow, publicUrl: string): Promise<FlowDetailView> {
  return prisma.$transaction(async (tx) => {
    const account = await lockAccount(tx, input.accountId);
    if (!account) throw notFound("account");
    assertPlanAllowsAnother(account.plan, "flow", await tx.flow.count({ where: { accountId: input.accountId } }));
    const flow = await createFlow(tx, input);
    return (await getFlow(tx, input.accountId, flow.id, publicUrl))!;
  });
}
