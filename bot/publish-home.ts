import type { WebClient } from "@slack/web-api";
import { accountOverview } from "../core/onboarding/account-overview.ts";
import type { BotDeps } from "./bot-deps.ts";
import { appHomeView } from "../slack/blocks/app-home.ts";
import { resolveActor } from "./slack-actor.ts";

/** Draws the person's App Home tab from their (latest) account's current state. */
export async function publishHome(deps: BotDeps, client: WebClient, teamId: string, slackUserId: string): Promise<void> {
  const actor = await resolveActor(deps, client, teamId, slackUserId);
  const account = actor.accounts.find((candidate) => candidate.leadAccess) ?? actor.accounts[0];
  const overview = account ? await accountOverview(deps.prisma, account.id, deps.publicUrl) : null;
  await client.views.publish({
    user_id: slackUserId,
    view: appHomeView({ overview, email: actor.user?.email ?? actor.email, otherAccounts: Math.max(0, actor.accounts.length - 1) }),
  });
}
