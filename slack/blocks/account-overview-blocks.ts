import type { KnownBlock } from "@slack/types";
import type { EventView } from "../../core/events/event-view.ts";
import type { AccountOverview, NextStep } from "../../core/onboarding/account-overview.ts";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, clip, escapeMrkdwn, plain, possessive, slackDate, truncate } from "./mrkdwn.ts";
import { mrkdwnSection } from "./mrkdwn-section.ts";
import { joinSlackText, slack, type SlackText } from "./slack-text.ts";

const OUTCOME_EMOJI: Record<string, string> = {
  success: ":white_check_mark:",
  failure: ":x:",
  error: ":boom:",
  skip: ":double_vertical_bar:",
};
const HEALTH_EMOJI: Record<string, string> = { healthy: ":large_green_circle:", unhealthy: ":red_circle:", disabled: ":no_entry:" };
const CONNECTION_EMOJI: Record<string, string> = {
  active: ":large_green_circle:",
  paused: ":double_vertical_bar:",
  ended: ":black_circle:",
};

/** One event as a line: outcome, what happened, when. */
export function eventLine(event: EventView): SlackText {
  const what = escapeMrkdwn(event.type === "recipient" ? "delivery" : event.type === "source" ? "received" : event.type);
  const test = event.is_test && slack` _(test)_`;
  const ms = event.ms != null && event.type === "recipient" && slack`, ${event.ms} ms`;
  return slack`${escapeMrkdwn(OUTCOME_EMOJI[event.outcome] ?? "")} *${what}*${test}: ${escapeMrkdwn(truncate(event.reason ?? event.outcome, 200))}${ms} · ${slackDate(event.created_at)}`;
}

/** `/leadrelay events`: the account's latest events. */
export function eventsMessage(
  accountName: string,
  events: readonly EventView[],
): { response_type: "ephemeral"; text: SlackText; blocks: KnownBlock[] } {
  const name = escapeMrkdwn(accountName);
  const lines = events.length ? joinSlackText(events.map(eventLine), "\n") : slack`No events yet. Send a test lead to see one.`;
  return {
    response_type: "ephemeral",
    text: slack`Latest events of ${name}`,
    blocks: [mrkdwnSection(slack`*Latest events of ${name}*`), mrkdwnSection(clip(lines, 2900))],
  };
}

/** `/leadrelay status`: the overview as an ephemeral answer (at most 50 blocks). */
export function statusMessage(overview: AccountOverview): { response_type: "ephemeral"; text: SlackText; blocks: KnownBlock[] } {
  return {
    response_type: "ephemeral",
    text: slack`${escapeMrkdwn(overview.account.name)}: status`,
    blocks: accountOverviewBlocks(overview, { withButtons: true }).slice(0, 50),
  };
}

/** Account, connections, destinations (health, last delivery) and recent events. */
export function accountOverviewBlocks(overview: AccountOverview, options: { withButtons: boolean }): KnownBlock[] {
  const { account } = overview;
  const blocks: KnownBlock[] = [
    mrkdwnSection(
      `*${escapeMrkdwn(account.name)}* · ${account.plan === "paid" ? "LeadConduit (paid)" : "LeadConduit for Partners (free)"}`,
    ),
  ];
  const next = overview.nextStep ? nextStepBlocks(overview.nextStep, account.id, options.withButtons) : [];
  blocks.push(...next);

  blocks.push({ type: "divider" }, mrkdwnSection("*Connections*"));
  if (!overview.connections.length)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", verbatim: true, text: "No connections yet." }] });
  for (const connection of overview.connections) {
    const direction =
      connection.role === "buyer"
        ? `from *${escapeMrkdwn(connection.partner)}* (seller)`
        : `to *${escapeMrkdwn(connection.partner)}* (buyer)`;
    const flow = connection.flow
      ? ` into flow *${escapeMrkdwn(connection.flow.name)}*${connection.flow.hasDestination ? "" : " — _no destination yet_"}`
      : "";
    blocks.push(
      mrkdwnSection(`${CONNECTION_EMOJI[connection.status] ?? ""} Leads ${direction}${flow} · ${escapeMrkdwn(connection.status)}`),
    );
  }

  blocks.push({ type: "divider" }, mrkdwnSection("*Destinations*"));
  if (!overview.destinations.length)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", verbatim: true, text: "No destinations yet." }] });
  for (const destination of overview.destinations) {
    const last = destination.lastDelivery
      ? `last delivery ${escapeMrkdwn(destination.lastDelivery.status)}${destination.lastDelivery.isTest ? " (test)" : ""} ${slackDate(destination.lastDelivery.at)}${destination.lastDelivery.reason ? `: ${escapeMrkdwn(truncate(destination.lastDelivery.reason, 120))}` : ""}`
      : "no deliveries yet";
    const health =
      destination.health === "healthy"
        ? "healthy"
        : `${escapeMrkdwn(destination.health)}${destination.healthReason ? `: ${escapeMrkdwn(destination.healthReason)}` : ""}`;
    blocks.push(
      mrkdwnSection(
        `${HEALTH_EMOJI[destination.health] ?? ""} *${escapeMrkdwn(destination.name)}* (${escapeMrkdwn(destination.integrationName)}) · ${health}\n${last}`,
      ),
    );
    if (options.withButtons) blocks.push(destinationButtons(destination.id));
  }

  blocks.push({ type: "divider" }, mrkdwnSection("*Recent events*"));
  if (!overview.recentEvents.length)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", verbatim: true, text: "No events yet." }] });
  else blocks.push(mrkdwnSection(clip(joinSlackText(overview.recentEvents.map(eventLine), "\n"), 2900)));
  return blocks;
}

/** Send test lead / Update credentials / Edit field mappings for one destination. */
export function destinationButtons(destinationId: string): KnownBlock {
  return {
    type: "actions",
    block_id: `destination:${destinationId}`,
    elements: [
      { type: "button", action_id: ACTIONS.sendTestLead, text: plain("Send test lead"), value: destinationId },
      { type: "button", action_id: ACTIONS.updateCredentials, text: plain("Update credentials"), value: destinationId },
      { type: "button", action_id: ACTIONS.editMappings, text: plain("Edit field mappings"), value: destinationId },
    ],
  };
}

function nextStepBlocks(step: NextStep, accountId: string, withButtons: boolean): KnownBlock[] {
  const say = (text: string): KnownBlock => mrkdwnSection(`:point_right: *Next step:* ${text}`);
  // The step's one primary button; none where the blocks only describe the step (`withButtons` off).
  const button = (actionId: string, text: ReturnType<typeof plain>, value: string): KnownBlock[] =>
    withButtons
      ? [{ type: "actions", block_id: "next_step", elements: [{ type: "button", action_id: actionId, text, style: "primary", value }] }]
      : [];
  switch (step.kind) {
    case "create_destination":
      return [
        say(`choose where ${possessive(step.sellerName, { bold: true })} leads go: create a destination.`),
        ...button(
          ACTIONS.createDestination,
          plain("Create destination", LIMITS.button),
          JSON.stringify({ accountId, flowId: step.flowId }),
        ),
      ];
    case "fix_destination":
      return [
        say(
          `*${escapeMrkdwn(step.destinationName)}* needs attention${step.reason ? `: ${escapeMrkdwn(step.reason)}` : ""}. Fix it below, then retry.`,
        ),
      ];
    case "send_test_lead":
      return [
        say(`send a test lead to *${escapeMrkdwn(step.destinationName)}* to check the setup end to end.`),
        ...button(ACTIONS.sendTestLead, plain("Send test lead"), step.destinationId),
      ];
    case "connect":
      return [
        say(
          "connect with a partner: accept a seller's invitation (you'll get a DM here), or invite a buyer with `/leadrelay invite &lt;email&gt;`.",
        ),
      ];
  }
}
