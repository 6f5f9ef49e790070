import type { WebClient } from "@slack/web-api";
import { listUserAccounts, type UserAccount } from "../core/members/user-accounts.ts";
import { Refusal } from "../core/refusal.ts";
import { findSlackIdentityUser, linkSlackIdentity } from "../core/slack/slack-identity.ts";
import { findUserByEmail } from "../core/users/find-or-create-user.ts";
import type { BotDeps } from "./bot-deps.ts";
import { slackPerson } from "./slack-person.ts";

/** Who is clicking, as leadrelay knows them. */
export interface SlackActor {
  slackUserId: string;
  user: { id: string; email: string; name: string | null } | null;
  /** Their Slack profile email (only looked up when they were not linked yet). */
  email: string | null;
  accounts: UserAccount[];
}

/**
 * The leadrelay user behind a Slack user: the stored link, else the user with their verified
 * Slack profile email (then linked for next time), else nobody.
 */
export async function resolveActor(deps: BotDeps, client: WebClient, teamId: string, slackUserId: string): Promise<SlackActor> {
  let user = await findSlackIdentityUser(deps.prisma, teamId, slackUserId);
  let email = user?.email ?? null;
  if (!user) {
    email = (await slackPerson(client, slackUserId)).email;
    user = email ? await findUserByEmail(deps.prisma, email) : null;
    if (user) await linkSlackIdentity(deps.prisma, { teamId, slackUserId, userId: user.id });
  }
  const accounts = user ? await listUserAccounts(deps.prisma, user.id) : [];
  return { slackUserId, user: user ? { id: user.id, email: user.email, name: user.name } : null, email, accounts };
}

/** The actor's membership of the account, with lead access; refused otherwise. */
export function requireMember(actor: SlackActor, accountId: string): UserAccount {
  const account = actor.accounts.find((candidate) => candidate.id === accountId);
  if (!account) throw new Refusal("forbidden", "not_a_member", "You are not a member of that leadrelay account");
  if (!account.leadAccess)
    throw new Refusal("forbidden", "lead_access_required", `Ask an admin of ${account.name} to give you lead access`);
  return account;
}

/** The account everyday commands act on: the latest joined one with lead access. */
export function currentAccount(actor: SlackActor): UserAccount {
  const account = actor.accounts.find((candidate) => candidate.leadAccess) ?? actor.accounts[0];
  if (!account) {
    throw new Refusal(
      "not_found",
      "no_account",
      actor.email || actor.user
        ? `No leadrelay account is linked to ${actor.user?.email ?? actor.email}. Accept a seller's invitation to get one.`
        : "I can't see the email address on your Slack profile, so I can't find your leadrelay account.",
    );
  }
  return account;
}
