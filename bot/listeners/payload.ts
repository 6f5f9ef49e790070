import type { BlockAction, Context, SlackViewAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { directMessageChannel } from "../conversation.ts";
import type { ThreadRef } from "../../slack/private-metadata.ts";

/** The workspace a request came from. */
export function teamIdOf(body: { team?: { id: string } | null; user?: { team_id?: string } }, context: Context): string {
  const teamId = body.team?.id ?? context.teamId ?? body.user?.team_id;
  if (!teamId) throw new Error("Slack request names no workspace");
  return teamId;
}

/** The conversation a clicked message belongs to: its thread, or the message as a new thread's root. */
export function threadOfAction(body: BlockAction, teamId: string): ThreadRef | null {
  const message = body.message;
  const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
  if (!message || !channelId) return null;
  const threadTs = typeof message.thread_ts === "string" ? message.thread_ts : message.ts;
  return { teamId, channelId, threadTs };
}

/** The clicked element (the first action of a block_actions payload). */
export function firstAction(body: BlockAction): {
  action_id: string;
  block_id: string;
  value?: string;
  selected_option?: { value: string } | null;
} {
  return body.actions[0] as unknown as { action_id: string; block_id: string; value?: string; selected_option?: { value: string } | null };
}

export function viewTeamId(body: SlackViewAction, context: Context): string {
  return teamIdOf({ team: body.team ?? null, user: body.user }, context);
}

/**
 * A conversation named in a view's private_metadata, kept only when it is in the workspace the
 * request came from (the view is ours, but treat what comes back as input like any other).
 */
export function threadInTeam(thread: ThreadRef | null, teamId: string): ThreadRef | null {
  return thread && thread.teamId === teamId ? thread : null;
}

/**
 * The clicked message's thread, only when it is in the clicker's own DM with the bot (where the
 * invitation and membership conversations live); else null, so answers go to the clicker's DM
 * and never into a conversation a forged payload names.
 */
export async function ownDmThread(client: WebClient, body: BlockAction, teamId: string): Promise<ThreadRef | null> {
  const thread = threadOfAction(body, teamId);
  if (!thread) return null;
  const dm = await directMessageChannel(client, body.user.id).catch(() => null);
  return dm === thread.channelId ? thread : null;
}
