import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import * as company from "./company-submission.ts";
import * as destination from "./destination-submission.ts";
import * as destinationFixes from "./destination-fix-submissions.ts";
import * as inboxCode from "./inbox-code-submission.ts";
import * as testLead from "./test-lead-submission.ts";

/** Modal submissions. */
export function register(app: App, deps: BotDeps): void {
  for (const listener of [company, destination, testLead, destinationFixes, inboxCode]) listener.register(app, deps);
}
