import type { App } from "@slack/bolt";
import { deleteSlackInstallation } from "../../../core/slack/slack-installations.ts";
import type { BotDeps } from "../../bot-deps.ts";

/** A workspace removed the app: forget its installation (its tokens no longer work anyway). */
export function register(app: App, deps: BotDeps): void {
  app.event("app_uninstalled", async ({ context }) => {
    const teamId = context.isEnterpriseInstall ? context.enterpriseId : context.teamId;
    if (!teamId) return;
    await deleteSlackInstallation(deps.prisma, teamId);
    deps.logger.info({ teamId }, "Slack app uninstalled");
  });
}
