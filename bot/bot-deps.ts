import type { AudienceChanges } from "../core/alerts/audience-changes.ts";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { DestinationDeps } from "../core/destinations/destination-deps.ts";
import type { TestLeadDeps } from "../core/destinations/send-test-lead.ts";
import type { InvitationDeps } from "../core/invitations/create-invitation.ts";
import type { Logger } from "../core/logger.ts";
import type { RateLimiter } from "../core/rate-limits/rate-limiter.ts";
import type { SlackWorkspaces } from "./slack-workspaces.ts";

/** What the bot's listeners call: the same core functions (and deps) the HTTP API uses. */
export interface BotDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  logger: Logger;
  publicUrl: string;
  destinations: DestinationDeps;
  testLeads: TestLeadDeps;
  /** For `/leadrelay invite`; its notifier is the bot's own. */
  invitations: InvitationDeps;
  /** Invitations per account per hour (shared with the API); absent: not limited. */
  invitationLimiter?: RateLimiter | null;
  /**
   * Messages an invitation link's holder can set off (codes emailed to the invited address, the
   * "Send it to me in Slack" DM): a few per invitation per hour. Absent: not limited.
   */
  invitationLinkLimiter?: RateLimiter | null;
  /** Web API clients of the connected workspaces, for messages sent outside a Slack request. */
  workspaces: SlackWorkspaces;
  /**
   * How long a view submission may wait for a check (destination verify) before it is answered
   * with a "Checking…" view and finished with views.update. Slack allows 3 s per answer.
   */
  ackBudgetMs: number;
  /** Told after `/leadrelay alerts` changes a subscription (invalidates every process's audience cache). */
  audienceChanges: AudienceChanges;
}
