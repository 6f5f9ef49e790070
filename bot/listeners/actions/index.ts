import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import * as acceptInvitation from "./accept-invitation-action.ts";
import * as attachDestination from "./attach-destination-action.ts";
import * as createDestination from "./create-destination-action.ts";
import * as destinationButtons from "./destination-buttons-actions.ts";
import * as destinationModal from "./destination-modal-actions.ts";
import * as grantAccess from "./grant-access-action.ts";
import * as homeRefresh from "./home-refresh-action.ts";
import * as inboxCode from "./inbox-code-actions.ts";
import * as invitationChoices from "./invitation-choice-actions.ts";
import * as membership from "./membership-actions.ts";
import * as replay from "./replay-actions.ts";
import * as requestAccess from "./request-access-action.ts";

/** Buttons and selects in messages, modals and the App Home. */
export function register(app: App, deps: BotDeps): void {
  for (const listener of [
    acceptInvitation,
    invitationChoices,
    requestAccess,
    grantAccess,
    membership,
    createDestination,
    destinationModal,
    attachDestination,
    destinationButtons,
    replay,
    homeRefresh,
    inboxCode,
  ]) {
    listener.register(app, deps);
  }
}
