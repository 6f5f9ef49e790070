import type { PrismaClient } from "../../../core/db/prisma.ts";
import { listAlertSubscriptions } from "../../../core/alerts/list-alert-subscriptions.ts";
import { subscribeChannel, unsubscribeChannel, type AlertLevel } from "../../../core/alerts/subscribe-channel.ts";
import { listUserAccounts } from "../../../core/members/user-accounts.ts";
import { findSlackIdentityUser } from "../../../core/slack/slack-identity.ts";
import type { WebClient } from "@slack/web-api";
import { channelLink, escapeSlackText, joinSlackText, slack, type SlackText } from "../../../slack/blocks/slack-text.ts";
import { settle, within } from "../../within.ts";
import type { CommandContext } from "./command-context.ts";
import { channelReference, unescapeSlackText, type ChannelReference } from "./command-text.ts";

const USAGE = slack`Usage: \`/leadrelay alerts #channel all|failures|off\` (leave out #channel for this channel), or \`/leadrelay alerts\` to list them.
• \`failures\`: failed leads and unhealthy destinations
• \`all\`: successes too
• \`off\`: no more alerts there`;

export type AlertsRequest =
  { kind: "list" } | { kind: "set"; channel: ChannelReference; level: AlertLevel | "off" } | { kind: "invalid"; message: SlackText };

/**
 * Reads the words after `/leadrelay alerts`: an optional channel and a level. The channel comes
 * as Slack escapes a picked one (`<#C123|name>`, `<#C123>`), as a bare id, or as a plain
 * `#name` (resolved with conversations.list when the command runs). Without one it is the
 * current channel.
 */
export function parseAlertsArgs(args: string[], currentChannelId: string): AlertsRequest {
  const words = args.flatMap((arg) => arg.trim().split(/\s+/)).filter(Boolean);
  if (!words.length) return { kind: "list" };
  let channel: ChannelReference | undefined;
  let level: AlertLevel | "off" | undefined;
  for (const word of words) {
    const lower = word.toLowerCase();
    const named = channelReference(word);
    if (lower === "all" || lower === "failures" || lower === "off") level = lower;
    else if (named) channel = named;
    else if (word.startsWith("#") || word.startsWith("<#")) {
      return {
        kind: "invalid",
        message: slack`${escapeSlackText(unescapeSlackText(word))} is not a channel name I can look up: pick the channel from the list Slack offers when you type #, or give its ID.\n${USAGE}`,
      };
    } else return { kind: "invalid", message: slack`I did not understand "${escapeSlackText(unescapeSlackText(word))}".\n${USAGE}` };
  }
  if (!level) return { kind: "invalid", message: slack`Say which alerts: all, failures or off.\n${USAGE}` };
  return { kind: "set", channel: channel ?? { id: currentChannelId }, level };
}

/** How long a `#name` may take to find (the command must be answered within 3 s). */
const CHANNEL_LOOKUP_BUDGET_MS = 1_500;
const CHANNEL_LOOKUP_PAGES = 10;

/**
 * The id of a channel typed as a plain `#name`: public channels, and private ones the bot is
 * in (conversations.list; channels:read and groups:read). null when it is not found in time.
 */
export async function findChannelByName(client: WebClient, name: string, budgetMs = CHANNEL_LOOKUP_BUDGET_MS): Promise<string | null> {
  const deadline = Date.now() + budgetMs;
  let cursor: string | undefined;
  for (let page = 0; page < CHANNEL_LOOKUP_PAGES && Date.now() < deadline; page += 1) {
    const listed = await within(
      settle(
        client.conversations.list({
          types: "public_channel,private_channel",
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      ),
      Math.max(1, deadline - Date.now()),
    );
    if (!listed?.ok) return null;
    const found = listed.value.channels?.find((candidate) => candidate.name === name || candidate.name_normalized === name);
    if (found?.id) return found.id;
    cursor = listed.value.response_metadata?.next_cursor || undefined;
    if (!cursor) return null;
  }
  return null;
}

/**
 * The account whose alerts a Slack user manages: the most recently joined account of their
 * linked leadrelay user. Alerts show lead names, so it takes access to leads there.
 */
async function accountOf(
  prisma: PrismaClient,
  teamId: string,
  slackUserId: string,
): Promise<{ id: string; name: string; leadAccess: boolean } | null> {
  const user = await findSlackIdentityUser(prisma, teamId, slackUserId);
  if (!user) return null;
  const accounts = await listUserAccounts(prisma, user.id);
  return accounts.find((account) => account.leadAccess) ?? accounts[0] ?? null;
}

/** `/leadrelay alerts …`: subscribe a channel to the account's delivery alerts, change its level, turn it off, or list. */
export async function handleAlertsCommand(args: string[], context: CommandContext): Promise<void> {
  const reply = (text: SlackText) => context.ack({ response_type: "ephemeral", text });
  const request = parseAlertsArgs(args, context.channelId);
  if (request.kind === "invalid") return reply(request.message);

  const prisma = context.deps.prisma;
  const account = await accountOf(prisma, context.teamId, context.userId);
  if (!account)
    return reply(
      slack`I don't know which leadrelay account you are in yet: open the leadrelay app's Home tab to connect your account first.`,
    );
  if (!account.leadAccess)
    return reply(
      slack`Alerts show lead names, and your role in *${escapeSlackText(account.name)}* has no access to leads. Ask an admin to set them up.`,
    );
  const accountName = slack`*${escapeSlackText(account.name)}*`;

  if (request.kind === "list") {
    const subscriptions = (await listAlertSubscriptions(prisma, account.id)).filter((s) => s.team_id === context.teamId);
    if (!subscriptions.length) return reply(slack`No channel gets delivery alerts for ${accountName} yet.\n${USAGE}`);
    const lines = subscriptions.map(
      (s) =>
        slack`• ${channelLink(s.channel_id)}: ${escapeSlackText(s.level)}${s.status === "paused" && slack` (paused: ${escapeSlackText(s.paused_reason ?? "unknown")}; set it again to resume)`}`,
    );
    return reply(slack`Delivery alerts for ${accountName}:\n${joinSlackText(lines, "\n")}`);
  }

  const channelId =
    "id" in request.channel ? request.channel.id : await findChannelByName(context.client, request.channel.name).catch(() => null);
  if (!channelId) {
    const name = "name" in request.channel ? escapeSlackText(request.channel.name) : "";
    return reply(
      slack`I can't find a channel named #${name} that I can see. Pick it from the list Slack offers when you type # (so it becomes a link), or give the channel's ID (at the bottom of its details). For a private channel, \`/invite @leadrelay\` there first.`,
    );
  }
  const channel = channelLink(channelId);
  if (request.level === "off") {
    const removed = await unsubscribeChannel(
      prisma,
      { accountId: account.id, teamId: context.teamId, channelId },
      context.deps.audienceChanges,
    );
    return reply(
      removed
        ? slack`${channel} no longer gets delivery alerts for ${accountName}.`
        : slack`${channel} was not getting alerts for ${accountName}.`,
    );
  }
  const { resumed } = await subscribeChannel(
    prisma,
    { accountId: account.id, teamId: context.teamId, channelId, level: request.level },
    context.deps.audienceChanges,
  );
  const what =
    request.level === "all"
      ? slack`every delivery alert (failures, unhealthy destinations and successes)`
      : slack`failed leads and unhealthy destinations`;
  // Slack wants the command answered within 3 s: the hint is skipped rather than making it late.
  const membership = await Promise.race([
    botMembershipHint(context, channelId),
    new Promise<"">((resolve) => setTimeout(() => resolve(""), 1_000).unref()),
  ]);
  return reply(slack`${channel} now gets ${what} for ${accountName}.${resumed && slack` Its paused alerts are on again.`}${membership}`);
}

/** Alerts to a channel the bot is not in would pause at once: say so while the user is here. */
async function botMembershipHint(context: CommandContext, channelId: string): Promise<SlackText | ""> {
  try {
    const info = await context.client.conversations.info({ channel: channelId });
    if (info.channel?.is_archived) return slack` That channel is archived, so alerts there will pause: pick another one.`;
    if (info.channel && info.channel.is_member === false)
      return slack` I'm not in ${channelLink(channelId)} yet: type \`/invite @leadrelay\` there, or the alerts will pause.`;
    return "";
  } catch {
    return slack` If I'm not in ${channelLink(channelId)}, type \`/invite @leadrelay\` there.`;
  }
}
