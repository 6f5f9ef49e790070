import { z } from "zod";
import type { Db } from "../db/prisma.ts";
import type { AudienceChanges } from "./audience-changes.ts";
import { newId } from "../ids.ts";
import { toAlertSubscriptionView, type AlertSubscriptionView } from "./alert-subscription-view.ts";

/** `all`: successes too; `failures`: failed leads and unhealthy destinations only. */
export const alertLevelSchema = z.enum(["all", "failures"]);
export type AlertLevel = z.infer<typeof alertLevelSchema>;

/** A Slack channel id (public `C…`, private `G…`); never a name, names change. */
export const slackChannelIdSchema = z.string().regex(/^[CG][A-Z0-9]{2,}$/, "a Slack channel id such as C0123ABCD");
export const slackTeamIdSchema = z.string().regex(/^[TE][A-Z0-9]{2,}$/, "a Slack team id such as T0123ABCD");

const subscriptionInput = z.object({
  accountId: z.uuid(),
  teamId: slackTeamIdSchema,
  channelId: slackChannelIdSchema,
  level: alertLevelSchema,
});
export type SubscriptionInput = z.input<typeof subscriptionInput>;

/**
 * Subscribes a channel to an account's alerts at a level, or changes its level. Subscribing
 * again is also how a paused subscription (the channel was archived, the bot removed) resumes.
 */
export async function subscribeChannel(
  db: Db,
  input: SubscriptionInput,
  changes: AudienceChanges,
): Promise<{ subscription: AlertSubscriptionView; created: boolean; resumed: boolean }> {
  const { accountId, teamId, channelId, level } = subscriptionInput.parse(input);
  const existing = await db.alertSubscription.findUnique({ where: { accountId_teamId_channelId: { accountId, teamId, channelId } } });
  const row = await db.alertSubscription.upsert({
    where: { accountId_teamId_channelId: { accountId, teamId, channelId } },
    create: { id: newId(), accountId, teamId, channelId, level },
    update: { level, status: "active", pausedReason: null },
  });
  await changes.changed(accountId);
  return { subscription: toAlertSubscriptionView(row), created: !existing, resumed: existing?.status === "paused" };
}

/** `off`: the channel stops getting the account's alerts. Returns false if it was not subscribed. */
export async function unsubscribeChannel(
  db: Db,
  input: { accountId: string; teamId: string; channelId: string },
  changes: AudienceChanges,
): Promise<boolean> {
  const { count } = await db.alertSubscription.deleteMany({
    where: { accountId: input.accountId, teamId: input.teamId, channelId: input.channelId },
  });
  if (count) await changes.changed(input.accountId);
  return count > 0;
}
