import type { RespondFn, SlashCommand } from "@slack/bolt";
import type { KnownBlock } from "@slack/types";
import type { WebClient } from "@slack/web-api";
import type { BotDeps } from "../../bot-deps.ts";
import type { SlackText } from "../../../slack/blocks/slack-text.ts";

/** A command's ephemeral answer: its text is a SlackText (escaped values only), like every message's. */
export interface EphemeralReply {
  response_type: "ephemeral";
  text: SlackText;
  blocks?: KnownBlock[];
}

/**
 * What a `/leadrelay <subcommand>` handler gets. The handler acknowledges the command itself,
 * exactly once and within 3 s: `ack(reply)` answers with an ephemeral message (text or blocks),
 * `ack()` with nothing (then reply with `respond`, or open a modal with `command.trigger_id`).
 */
export interface CommandContext {
  command: SlashCommand;
  ack: (reply?: EphemeralReply) => Promise<void>;
  respond: RespondFn;
  client: WebClient;
  deps: BotDeps;
  teamId: string;
  /** The Slack user who typed the command. */
  userId: string;
  channelId: string;
}

export type SubcommandHandler = (args: string[], context: CommandContext) => Promise<void>;
