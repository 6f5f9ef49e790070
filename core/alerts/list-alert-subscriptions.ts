import type { Db } from "../db/prisma.ts";
import { toAlertSubscriptionView, type AlertSubscriptionView } from "./alert-subscription-view.ts";

export async function listAlertSubscriptions(db: Db, accountId: string): Promise<AlertSubscriptionView[]> {
  const rows = await db.alertSubscription.findMany({ where: { accountId }, orderBy: { id: "asc" } });
  return rows.map(toAlertSubscriptionView);
}
