import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { destinationButtons } from "./account-overview-blocks.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

export interface DestinationsListInput {
  account: { id: string; name: string; plan: "partner" | "paid" };
  destinations: readonly { id: string; name: string; integrationName: string; health: string; healthReason: string | null }[];
}

/** `/leadrelay destinations`: each destination with its health and fixes, and "Create destination". */
export function destinationsListMessage(input: DestinationsListInput): {
  response_type: "ephemeral";
  text: SlackText;
  blocks: KnownBlock[];
} {
  const accountName = escapeMrkdwn(input.account.name);
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`*Destinations of ${accountName}*` } },
  ];
  if (!input.destinations.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", verbatim: true, text: "None yet." }] });
  for (const destination of input.destinations) {
    const health =
      destination.health === "healthy"
        ? slack`:large_green_circle: healthy`
        : slack`:red_circle: ${escapeMrkdwn(destination.health)}${destination.healthReason ? slack`: ${escapeMrkdwn(destination.healthReason)}` : ""}`;
    blocks.push(
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: slack`*${escapeMrkdwn(destination.name)}* (${escapeMrkdwn(destination.integrationName)}) · ${health}`,
        },
      },
      destinationButtons(destination.id),
    );
  }
  if (input.account.plan === "partner" && input.destinations.length >= 1) {
    blocks.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          verbatim: true,
          text: "LeadConduit for Partners accounts have one destination: change it with the buttons above.",
        },
      ],
    });
  } else {
    blocks.push({
      type: "actions",
      block_id: "destinations_create",
      elements: [
        {
          type: "button",
          action_id: ACTIONS.createDestination,
          text: plain("Create destination", LIMITS.button),
          value: JSON.stringify({ accountId: input.account.id, flowId: null }),
        },
      ],
    });
  }
  return { response_type: "ephemeral", text: slack`Destinations of ${accountName}`, blocks };
}
