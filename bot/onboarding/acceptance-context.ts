import type { ModalView } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { BotDeps } from "../bot-deps.ts";
import type { ThreadRef } from "../../slack/private-metadata.ts";

/** Who is accepting, in which conversation (the invitation DM's thread). */
export interface AcceptanceContext {
  deps: BotDeps;
  client: WebClient;
  teamId: string;
  slackUserId: string;
  thread: ThreadRef;
  /** From the click or command: lets the bot open a modal (valid for 3 s). */
  triggerId: string | null;
  /** Shows a modal another way than views.open with triggerId (a modal submission answering with its next view). */
  showModal?: (view: ModalView) => Promise<boolean>;
}

export const NO_EMAIL_MESSAGE =
  "I can't see the email address on your Slack profile, so I can't check that this invitation is yours. Ask a Slack admin to show emails to apps, or accept from the invitation email.";
