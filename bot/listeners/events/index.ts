import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import * as appHomeOpened from "./app-home-opened.ts";
import * as appUninstalled from "./app-uninstalled.ts";

/** Events API subscriptions (see bot/manifest.json). */
export function register(app: App, deps: BotDeps): void {
  for (const listener of [appHomeOpened, appUninstalled]) listener.register(app, deps);
}
