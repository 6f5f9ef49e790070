import type { Logger } from "../core/logger.ts";
import type { SlackMessage } from "./conversation.ts";
import { directMessageChannel, postMessage } from "./conversation.ts";
import type { SlackWorkspaces } from "./slack-workspaces.ts";

/**
 * DMs a person in every connected workspace that knows their email (users.lookupByEmail), for
 * messages sent outside a Slack request. Returns how many DMs went out, for logs only: callers
 * never tell a third party whether Slack knows someone.
 */
export async function directMessageByEmail(
  workspaces: SlackWorkspaces,
  logger: Logger,
  email: string,
  message: SlackMessage,
  logContext: Record<string, string>,
): Promise<number> {
  let sent = 0;
  let all;
  try {
    all = await workspaces.all();
  } catch (error) {
    logger.warn({ err: (error as Error).message, ...logContext }, "no Slack workspace reachable for a direct message");
    return 0;
  }
  for (const { teamId, client } of all) {
    try {
      const found = await client.users.lookupByEmail({ email }).catch((error: { data?: { error?: string } }) => {
        if (error.data?.error === "users_not_found") return null;
        throw error;
      });
      const user = found?.user;
      if (!user?.id || user.deleted || user.is_bot) continue;
      const channel = await directMessageChannel(client, user.id);
      await postMessage(client, channel, message);
      sent += 1;
    } catch (error) {
      logger.warn({ err: (error as Error).message, teamId, ...logContext }, "direct message failed");
    }
  }
  return sent;
}
