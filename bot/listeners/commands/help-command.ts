import { HELP_TEXT, helpBlocks } from "../../blocks/help-message.ts";
import type { CommandContext } from "./command-context.ts";

/** `/leadrelay help` (and an unknown subcommand). */
export async function helpCommand(_args: string[], context: CommandContext): Promise<void> {
  await context.ack({ response_type: "ephemeral", text: HELP_TEXT, blocks: helpBlocks() });
}
