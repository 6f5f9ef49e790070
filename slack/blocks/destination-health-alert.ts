import { escapeClipped, mrkdwn, plainText, slack, type SlackText } from "./slack-text.ts";
import { updateCredentialsButton } from "./update-credentials-button.ts";

/** A destination turned unhealthy (deliveries wait) or was disabled (deliveries fail): told once per change. */
export interface DestinationHealthAlert {
  health: "unhealthy" | "disabled";
  reason: string | null;
  fix: string | null;
  accountName: string;
  destinationId: string;
  destinationName: string;
  offerCredentials: boolean;
}

export function destinationHealthAlertBlocks(alert: DestinationHealthAlert): { text: SlackText; blocks: unknown[] } {
  const name = escapeClipped(alert.destinationName, 150);
  const reason = escapeClipped((alert.reason ?? "unknown reason").replace(/\.+$/, ""), 300);
  const text =
    alert.health === "unhealthy"
      ? slack`Destination ${name} is unhealthy: ${reason}. Its deliveries are waiting and resume once it is fixed.`
      : slack`Destination ${name} was disabled: ${reason}. Leads for it fail until it is fixed.`;
  const icon = alert.health === "unhealthy" ? slack`:large_orange_circle:` : slack`:red_circle:`;
  const blocks: unknown[] = [{ type: "section", text: mrkdwn(slack`${icon} ${text}`) }];
  const context = [plainText(`${alert.accountName} → ${alert.destinationName}`, 300)];
  if (alert.fix) context.push(plainText(`Fix: ${alert.fix}`, 300));
  blocks.push({ type: "context", elements: context });
  if (alert.offerCredentials) blocks.push({ type: "actions", elements: [updateCredentialsButton(alert.destinationId)] });
  return { text, blocks };
}
