import type { App } from "@slack/bolt";
import type { BotDeps } from "../../bot-deps.ts";
import { postToThreadOrDm } from "../../conversation.ts";
import { describeError } from "../../error-reply.ts";
import { noteReply, refusalMessage } from "../../../slack/blocks/refusal-message.ts";
import { Refusal } from "../../../core/refusal.ts";
import { acceptCommand } from "./accept-command.ts";
import { buyersCommand } from "./buyers-command.ts";
import { handleAlertsCommand } from "./alerts-command.ts";
import type { CommandContext, SubcommandHandler } from "./command-context.ts";
import { destinationsCommand } from "./destinations-command.ts";
import { eventsCommand } from "./events-command.ts";
import { helpCommand } from "./help-command.ts";
import { inviteCommand } from "./invite-command.ts";
import { replayCommand } from "./replay-command.ts";
import { statusCommand } from "./status-command.ts";
import { testCommand } from "./test-command.ts";

/**
 * The subcommands by name. A Map, not an object literal: the name is whatever the person typed,
 * and `__proto__`, `constructor` or `toString` must not find Object.prototype's members.
 */
const SUBCOMMANDS: ReadonlyMap<string, SubcommandHandler> = new Map([
  ["help", helpCommand],
  ["status", statusCommand],
  ["destinations", destinationsCommand],
  ["destination", destinationsCommand],
  ["test", testCommand],
  ["events", eventsCommand],
  ["invite", inviteCommand],
  ["buyers", buyersCommand],
  ["accept", acceptCommand],
  ["alerts", handleAlertsCommand],
  ["replay", replayCommand],
]);

/** The subcommands `/leadrelay` knows (the manifest's usage hint names each). */
export const SUBCOMMAND_NAMES: readonly string[] = [...SUBCOMMANDS.keys()];

/** The handler of a typed subcommand; anything unknown (an empty line included) gets the help. */
export function subcommandHandler(name: string): SubcommandHandler {
  return SUBCOMMANDS.get(name.toLowerCase()) ?? helpCommand;
}

/**
 * `/leadrelay <subcommand> …`: routes to one handler per subcommand, which acks (with its
 * ephemeral answer) itself. A refusal before the ack becomes the answer; after it, a DM.
 */
export function register(app: App, deps: BotDeps): void {
  app.command("/leadrelay", async ({ command, ack, respond, client, context: boltContext }) => {
    const [name = "help", ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const handler = subcommandHandler(name);
    let acked = false;
    const context: CommandContext = {
      command,
      ack: async (response?: Parameters<CommandContext["ack"]>[0]) => {
        acked = true;
        await ack(response);
      },
      respond,
      client,
      deps,
      teamId: boltContext.teamId ?? command.team_id,
      userId: command.user_id,
      channelId: command.channel_id,
    };
    try {
      await handler(args, context);
      if (!acked) await ack();
    } catch (error) {
      if (!(error instanceof Refusal)) deps.logger.error({ err: (error as Error).message, subcommand: name }, "/leadrelay failed");
      if (!acked) {
        await ack(noteReply(describeError(error)));
        return;
      }
      await postToThreadOrDm(client, null, context.teamId, command.user_id, refusalMessage(describeError(error))).catch(() => undefined);
    }
  });
}
