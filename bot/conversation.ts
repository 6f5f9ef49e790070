import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { ThreadRef } from "./private-metadata.ts";

export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** Posts into a thread (the onboarding conversation); returns the message's ts. */
export async function postInThread(client: WebClient, thread: ThreadRef, message: SlackMessage): Promise<string | undefined> {
  const result = await client.chat.postMessage({ channel: thread.channelId, thread_ts: thread.threadTs, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
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
  const posted = await client.chat.postMessage({ channel: channelId, text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
  if (!posted.ts) throw new Error("chat.postMessage returned no ts");
  return { teamId, channelId, threadTs: posted.ts };
}

/** A thread reply, or a new DM conversation when there is no thread. Returns where it went. */
export async function postToThreadOrDm(client: WebClient, thread: ThreadRef | null, teamId: string, slackUserId: string, message: SlackMessage): Promise<ThreadRef> {
  if (thread) {
    await postInThread(client, thread, message);
    return thread;
  }
  return startDmThread(client, teamId, slackUserId, message);
}
