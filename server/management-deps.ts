import type { Config } from "../core/config.ts";
import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { Mailer } from "../core/email/mailer.ts";
import type { InvitationNotifier } from "../core/invitations/invitation-notifier.ts";
import type { MembershipNotifier } from "../core/members/membership-notifier.ts";
import { createSmtpMailer } from "../core/email/smtp-mailer.ts";
import type { Logger } from "../core/logger.ts";
import type { RateLimiter } from "../core/rate-limits/rate-limiter.ts";
import type { SourceContextChanges } from "../core/intake/source-context-changes.ts";

/** What the management API (accounts, members, keys, invitations, connections, flows) needs. */
export interface ManagementDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** Base of links we hand out: accept links, submit URLs, docs pages. */
  publicUrl: string;
  /** null without SMTP_URL: invitation links are returned for the seller to forward. */
  mailer: Mailer | null;
  logger: Logger;
  invitationTtlDays: number;
  /** The bearer key of the trusted identity provider that may accept invitations for people; null: over HTTP nobody may. */
  identityApiKey: string | null;
  /** Tells invited buyers in Slack too; null when the Slack bot is off. */
  notifier?: InvitationNotifier | null;
  /** Invitations per account per hour (RATE_LIMIT_INVITATIONS_PER_HOUR); absent: not limited. */
  invitationLimiter?: RateLimiter | null;
  /** Told after flows, steps, sources' keys and connections change (drops intake's cached flows everywhere). */
  sourceChanges: SourceContextChanges;
  /** Asks people an account added to confirm in Slack ("<Account> added you — Join / Decline"); null when the bot is off. */
  membershipNotifier?: MembershipNotifier | null;
}

export function managementDepsFromConfig(
  config: Config,
  prisma: PrismaClient,
  secretBox: SecretBox,
  logger: Logger,
  sourceChanges: SourceContextChanges,
): ManagementDeps {
  return {
    sourceChanges,
    prisma,
    secretBox,
    publicUrl: config.PUBLIC_URL,
    mailer: config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.SMTP_FROM) : null,
    logger,
    invitationTtlDays: config.INVITATION_TTL_DAYS,
    identityApiKey: config.IDENTITY_API_KEY ?? null,
  };
}
