import type { PrismaClient } from "../../../core/db/prisma.ts";
import { listAlertSubscriptions } from "../../../core/alerts/list-alert-subscriptions.ts";
import { subscribeChannel, unsubscribeChannel, type AlertLevel } from "../../../core/alerts/subscribe-channel.ts";
import { listUserAccounts } from "../../../core/members/user-accounts.ts";
import { findSlackIdentityUser } from "../../../core/slack/slack-identity.ts";
import { escapeSlackText } from "../../blocks/slack-text.ts";
import type { CommandContext } from "./command-context.ts";

const USAGE =
  "Usage: `/leadrelay alerts #channel all|failures|off` (leave out #channel for this channel), or `/leadrelay alerts` to list them.\n" +
  "• `failures`: failed leads and unhealthy destinations\n• `all`: successes too\n• `off`: no more alerts there";

export type AlertsRequest =
  | { kind: "list" }
  | { kind: "set"; channelId: string; level: AlertLevel | "off" }
  | { kind: "invalid"; message: string };

/**
 * Reads the words after `/leadrelay alerts`: an optional channel (`<#C123|name>` as Slack sends
 * a linked mention, or a bare id) and a level. Without a channel it is the current one.
 */
export function parseAlertsArgs(args: string[], currentChannelId: string): AlertsRequest {
  const words = args.flatMap((arg) => arg.trim().split(/\s+/)).filter(Boolean);
  if (!words.length) return { kind: "list" };
  let channelId: string | undefined;
  let level: AlertLevel | "off" | undefined;
  for (const word of words) {
    const mention = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
    const lower = word.toLowerCase();
    if (mention) channelId = mention[1];
    else if (/^[CG][A-Z0-9]{6,}$/.test(word)) channelId = word;
    else if (lower === "all" || lower === "failures" || lower === "off") level = lower;
    else if (word.startsWith("#")) {
      return { kind: "invalid", message: `I could not tell which channel ${escapeSlackText(word)} is: pick it from the list Slack offers when you type #, so it turns into a link.\n${USAGE}` };
    } else return { kind: "invalid", message: `I did not understand "${escapeSlackText(word)}".\n${USAGE}` };
  }
  if (!level) return { kind: "invalid", message: `Say which alerts: all, failures or off.\n${USAGE}` };
  return { kind: "set", channelId: channelId ?? currentChannelId, level };
}

/**
 * The account whose alerts a Slack user manages: the most recently joined account of their
 * linked leadrelay user. Alerts show lead names, so it takes access to leads there.
 */
async function accountOf(prisma: PrismaClient, teamId: string, slackUserId: string): Promise<{ id: string; name: string; leadAccess: boolean } | null> {
  const user = await findSlackIdentityUser(prisma, teamId, slackUserId);
  if (!user) return null;
  const accounts = await listUserAccounts(prisma, user.id);
  return accounts.find((account) => account.leadAccess) ?? accounts[0] ?? null;
}

/** `/leadrelay alerts …`: subscribe a channel to the account's delivery alerts, change its level, turn it off, or list. */
export async function handleAlertsCommand(args: string[], context: CommandContext): Promise<void> {
  const reply = (text: string) => context.ack({ response_type: "ephemeral", text });
  const request = parseAlertsArgs(args, context.channelId);
  if (request.kind === "invalid") return reply(request.message);

  const prisma = context.deps.prisma;
  const account = await accountOf(prisma, context.teamId, context.userId);
  if (!account) return reply("I don't know which leadrelay account you are in yet: open the leadrelay app's Home tab to connect your account first.");
  if (!account.leadAccess) return reply(`Alerts show lead names, and your role in *${escapeSlackText(account.name)}* has no access to leads. Ask an admin to set them up.`);
  const accountName = `*${escapeSlackText(account.name)}*`;

  if (request.kind === "list") {
    const subscriptions = (await listAlertSubscriptions(prisma, account.id)).filter((s) => s.team_id === context.teamId);
    if (!subscriptions.length) return reply(`No channel gets delivery alerts for ${accountName} yet.\n${USAGE}`);
    const lines = subscriptions.map((s) => `• <#${s.channel_id}>: ${s.level}${s.status === "paused" ? ` (paused: ${escapeSlackText(s.paused_reason ?? "unknown")}; set it again to resume)` : ""}`);
    return reply(`Delivery alerts for ${accountName}:\n${lines.join("\n")}`);
  }

  const channel = `<#${request.channelId}>`;
  if (request.level === "off") {
    const removed = await unsubscribeChannel(prisma, { accountId: account.id, teamId: context.teamId, channelId: request.channelId });
    return reply(removed ? `${channel} no longer gets delivery alerts for ${accountName}.` : `${channel} was not getting alerts for ${accountName}.`);
  }
  const { resumed } = await subscribeChannel(prisma, { accountId: account.id, teamId: context.teamId, channelId: request.channelId, level: request.level });
  const what = request.level === "all" ? "every delivery alert (failures, unhealthy destinations and successes)" : "failed leads and unhealthy destinations";
  // Slack wants the command answered within 3 s: the hint is skipped rather than making it late.
  const membership = await Promise.race([botMembershipHint(context, request.channelId), new Promise<string>((resolve) => setTimeout(() => resolve(""), 1_000).unref())]);
  return reply(`${channel} now gets ${what} for ${accountName}.${resumed ? " Its paused alerts are on again." : ""}${membership}`);
}

/** Alerts to a channel the bot is not in would pause at once: say so while the user is here. */
async function botMembershipHint(context: CommandContext, channelId: string): Promise<string> {
  try {
    const info = await context.client.conversations.info({ channel: channelId });
    if (info.channel?.is_archived) return " That channel is archived, so alerts there will pause: pick another one.";
    if (info.channel && info.channel.is_member === false) return ` I'm not in <#${channelId}> yet: type \`/invite @leadrelay\` there, or the alerts will pause.`;
    return "";
  } catch {
    return ` If I'm not in <#${channelId}>, type \`/invite @leadrelay\` there.`;
  }
}
