import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import { publishHome } from "../../publish-home.ts";

/** The Home tab: account and plan, connections, destinations, recent events, the next step. */
export function register(app: App, deps: BotDeps): void {
  app.event("app_home_opened", async ({ event, client, context }) => {
    if (event.tab !== "home" || !context.teamId) return;
    try {
      await publishHome(deps, client, context.teamId, event.user);
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message }, "could not publish the App Home");
    }
  });
}
