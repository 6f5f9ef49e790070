import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import * as company from "./company-view.ts";
import * as destination from "./destination-view.ts";
import * as destinationFixes from "./destination-fix-views.ts";
import * as inboxCode from "./inbox-code-view.ts";
import * as testLead from "./test-lead-view.ts";

/** Modal submissions. */
export function register(app: App, deps: BotDeps): void {
  for (const listener of [company, destination, testLead, destinationFixes, inboxCode]) listener.register(app, deps);
}
