import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";

/** A workspace removed the app: forget its installation (its tokens no longer work anyway). */
export function register(app: App, deps: BotDeps): void {
  app.event("app_uninstalled", async ({ context }) => {
    const teamId = context.isEnterpriseInstall ? context.enterpriseId : context.teamId;
    if (!teamId) return;
    await deps.prisma.slackInstallation.deleteMany({ where: { teamId } });
    deps.logger.info({ teamId }, "Slack app uninstalled");
  });
}
