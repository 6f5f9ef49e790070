import type { AlertSubscription } from "../../prisma/generated/client.ts";

/** A channel subscribed to an account's delivery alerts, as the API and the bot show it. */
export interface AlertSubscriptionView {
  id: string;
  team_id: string;
  channel_id: string;
  level: "all" | "failures";
  status: "active" | "paused";
  paused_reason: string | null;
  created_at: string;
  updated_at: string;
}

export function toAlertSubscriptionView(row: AlertSubscription): AlertSubscriptionView {
  return {
    id: row.id,
    team_id: row.teamId,
    channel_id: row.channelId,
    level: row.level,
    status: row.status,
    paused_reason: row.pausedReason,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
