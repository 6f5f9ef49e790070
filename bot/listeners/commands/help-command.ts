import { helpMessage } from "../../../slack/blocks/help-message.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay help` (and an unknown subcommand). */
export async function helpCommand(_args: string[], context: CommandContext): Promise<void> {
  await context.ack(helpMessage());
}
