import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { SlackText } from "../slack/blocks/slack-text.ts";
import type { ThreadRef } from "../slack/private-metadata.ts";

/**
 * A message the bot posts. `text` is the notification and fallback text Slack shows: a
 * `SlackText`, so it is built by a slack/blocks builder from escaped values, never from a raw name.
 */
export interface SlackMessage {
  text: SlackText;
  blocks?: KnownBlock[];
}

/** A URL a tenant chose (a seller's posting URL, an endpoint's answer) is never previewed (Slack would fetch it). */
const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;

/** Posts a message to a channel or DM (every chat.postMessage of the bot goes through here or postInThread). */
export async function postMessage(client: WebClient, channel: string, message: SlackMessage): Promise<string | undefined> {
  const result = await client.chat.postMessage({
    channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...NO_UNFURL,
  });
  return result.ts;
}

/** Replaces a message the bot posted. */
export async function updateMessage(client: WebClient, channel: string, ts: string, message: SlackMessage): Promise<void> {
  await client.chat.update({ channel, ts, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
}

/** Posts into a thread (the onboarding conversation); returns the message's ts. */
export async function postInThread(client: WebClient, thread: ThreadRef, message: SlackMessage): Promise<string | undefined> {
  const result = await client.chat.postMessage({
    channel: thread.channelId,
    thread_ts: thread.threadTs,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...NO_UNFURL,
  });
  return result.ts;
}

/** The bot's DM channel with a person. */
export async function directMessageChannel(client: WebClient, slackUserId: string): Promise<string> {
  const opened = await client.conversations.open({ users: slackUserId });
  const id = opened.channel?.id;
  if (!id) throw new Error("conversations.open returned no channel");
  return id;
}

/** Starts a new conversation in the person's DM; its first message roots the thread. */
export async function startDmThread(client: WebClient, teamId: string, slackUserId: string, message: SlackMessage): Promise<ThreadRef> {
  const channelId = await directMessageChannel(client, slackUserId);
  const ts = await postMessage(client, channelId, message);
  if (!ts) throw new Error("chat.postMessage returned no ts");
  return { teamId, channelId, threadTs: ts };
}

/** A thread reply, or a new DM conversation when there is no thread. Returns where it went. */
export async function postToThreadOrDm(
  client: WebClient,
  thread: ThreadRef | null,
  teamId: string,
  slackUserId: string,
  message: SlackMessage,
): Promise<ThreadRef> {
  if (thread) {
    await postInThread(client, thread, message);
    return thread;
  }
  return startDmThread(client, teamId, slackUserId, message);
}
