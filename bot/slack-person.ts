import type { WebClient } from "@slack/web-api";

/** A Slack user as their workspace profile says (users.info; the email needs users:read.email). */
export interface SlackPerson {
  slackUserId: string;
  /** Verified by Slack for the workspace member; null when the profile does not show it. */
  email: string | null;
  name: string;
}

export async function slackPerson(client: WebClient, slackUserId: string): Promise<SlackPerson> {
  const { user } = await client.users.info({ user: slackUserId });
  const profile = user?.profile;
  const name = profile?.real_name || user?.real_name || profile?.display_name || user?.name || slackUserId;
  return { slackUserId, email: profile?.email?.trim() || null, name };
}
