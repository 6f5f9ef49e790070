import type { App, BlockAction } from "@slack/bolt";
import { ACTIONS } from "../../../slack/action-ids.ts";
import type { BotDeps } from "../../bot-deps.ts";
import { publishHome } from "../../publish-home.ts";
import { teamIdOf } from "../payload.ts";

/** "Refresh" on the App Home. */
export function register(app: App, deps: BotDeps): void {
  app.action<BlockAction>(ACTIONS.homeRefresh, async ({ ack, body, client, context }) => {
    await ack();
    await publishHome(deps, client, teamIdOf(body, context), body.user.id).catch((error: unknown) =>
      deps.logger.warn({ err: (error as Error).message }, "could not refresh the App Home"),
    );
  });
}
