import type { SecretBox } from "../core/crypto/secret-box.ts";
import type { PrismaClient } from "../core/db/prisma.ts";

/**
 * The bot token to call Slack with for a workspace: its OAuth installation's token (sealed in
 * `slack_installations`), else the single-workspace `SLACK_BOT_TOKEN`, else none (Slack is not
 * set up for that team). Answers are cached briefly; `forget` drops one after Slack refused it.
 */
export interface SlackTokenResolver {
  resolveBotToken(teamId: string): Promise<string | null>;
  forget(teamId: string): void;
}

export interface SlackTokenResolverDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  /** SLACK_BOT_TOKEN (single-workspace mode). */
  defaultToken?: string;
  cacheMs?: number;
}

export function createSlackTokenResolver(deps: SlackTokenResolverDeps): SlackTokenResolver {
  const cacheMs = deps.cacheMs ?? 60_000;
  const cache = new Map<string, { token: string | null; until: number }>();
  return {
    async resolveBotToken(teamId) {
      const cached = cache.get(teamId);
      if (cached && cached.until > Date.now()) return cached.token;
      const installation = await deps.prisma.slackInstallation.findUnique({ where: { teamId }, select: { botToken: true } });
      const token = installation ? deps.secretBox.open(installation.botToken) : (deps.defaultToken ?? null);
      cache.set(teamId, { token, until: Date.now() + cacheMs });
      return token;
    },
    forget(teamId) {
      cache.delete(teamId);
    },
  };
}
