import { escapeClipped, mrkdwn, plainText, slack, type SlackText } from "./slack-text.ts";
import { resendFailedButton } from "./replay-messages.ts";
import { updateCredentialsButton } from "./update-credentials-button.ts";

/** Leads that failed (or, for `all` channels, were delivered) to one destination within one window, told as one message. */
export interface DeliveryBurstAlert {
  kind: "failure" | "success";
  count: number;
  windowMs: number;
  /** The shared failure reason (null for successes). */
  reason: string | null;
  accountName: string;
  destinationId: string;
  destinationName: string;
  /** The latest lead of the burst; `label` is its name as submitted (lead data: shown as plain text only). */
  latestLead: { id: string; label: string | null } | null;
  /** Offer [Update credentials] (the reason points at the credentials). */
  offerCredentials: boolean;
  /** Live leads of the destination that failed for good (replay window): offers [Resend N failed leads]. */
  resendFailed?: number;
}

export function windowLabel(ms: number): string {
  if (ms < 60_000) return `${Math.max(1, Math.round(ms / 1_000))} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3_600_000)} h`;
}

function leads(count: number): string {
  return count === 1 ? "1 lead" : `${count} leads`;
}

/** The headline, already escaped for Slack: "12 leads failed in the last 5 min: Invalid API Key." */
export function burstHeadline(alert: Pick<DeliveryBurstAlert, "kind" | "count" | "windowMs" | "reason" | "destinationName">): SlackText {
  const count = escapeClipped(leads(alert.count));
  const span = alert.count > 1 && slack` in the last ${escapeClipped(windowLabel(alert.windowMs))}`;
  if (alert.kind === "success") return slack`${count} delivered to ${escapeClipped(alert.destinationName, 150)}${span}.`;
  const reason = escapeClipped((alert.reason ?? "Unknown reason").replace(/\.+$/, ""), 300);
  return slack`${count} failed${span}: ${reason}.`;
}

export function deliveryBurstAlertBlocks(alert: DeliveryBurstAlert): { text: SlackText; blocks: unknown[] } {
  const text = burstHeadline(alert);
  const icon = alert.kind === "failure" ? slack`:x:` : slack`:white_check_mark:`;
  const blocks: unknown[] = [
    { type: "section", text: mrkdwn(slack`${icon} ${text}`) },
    {
      type: "context",
      elements: [
        plainText(`${alert.accountName} → ${alert.destinationName}`, 300),
        ...(alert.latestLead ? [plainText(`Latest: ${alert.latestLead.label ?? "lead"} (${alert.latestLead.id})`, 300)] : []),
      ],
    },
  ];
  if (alert.kind === "failure" && (alert.offerCredentials || alert.resendFailed)) {
    blocks.push({
      type: "actions",
      elements: [
        ...(alert.offerCredentials ? [updateCredentialsButton(alert.destinationId)] : []),
        ...(alert.resendFailed ? [resendFailedButton(alert.destinationId, alert.resendFailed)] : []),
      ],
    });
  }
  return { text, blocks };
}
