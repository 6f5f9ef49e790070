import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import * as leadrelay from "./leadrelay-command.ts";

/** Slash commands. */
export function register(app: App, deps: BotDeps): void {
  leadrelay.register(app, deps);
}
