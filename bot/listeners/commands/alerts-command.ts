import type { CommandContext } from "./command-context.ts";

/**
 * `/leadrelay alerts …`: channel subscriptions to delivery alerts. Placeholder until the alerts
 * work lands (it replaces this file and keeps the name and signature); the command router
 * (leadrelay-command.ts) passes the words after `alerts` and leaves the ack to this handler.
 */
export async function handleAlertsCommand(_args: string[], context: CommandContext): Promise<void> {
  await context.ack({ response_type: "ephemeral", text: "Delivery alerts in channels are not available on this server yet." });
}
