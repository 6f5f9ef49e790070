import type { KnownBlock } from "@slack/types";
import { ACTIONS } from "../action-ids.ts";
import { LIMITS, escapeMrkdwn, plain } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

function leads(count: number): string {
  return count === 1 ? "1 lead" : `${count.toLocaleString("en-US")} leads`;
}

/** **Resend N failed leads**: replays the destination's failed live leads (the id is re-checked against the clicker). */
export function resendFailedButton(destinationId: string, failed: number) {
  return {
    type: "button" as const,
    action_id: ACTIONS.replayFailed,
    text: plain(`Resend ${failed === 1 ? "1 failed lead" : `${failed.toLocaleString("en-US")} failed leads`}`, LIMITS.button),
    value: destinationId,
  };
}

/** **Deliver the N leads that arrived before this destination** (leads of its flows with no delivery to it). */
export function deliverUndeliveredButton(destinationId: string, undelivered: number) {
  const what = undelivered === 1 ? "the lead that arrived" : `the ${undelivered.toLocaleString("en-US")} leads that arrived`;
  return {
    type: "button" as const,
    action_id: ACTIONS.replayUndelivered,
    text: plain(`Deliver ${what} before this destination`, LIMITS.button),
    value: destinationId,
  };
}

export type ReplayKind = "failed" | "undelivered";

/** The answer to a Resend / Deliver button: how many are on their way, and that the outcome follows here. */
export function replayStartedMessage(input: { kind: ReplayKind; replayed: number; destinationName: string; ratePerSecond: number }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const name = escapeMrkdwn(input.destinationName);
  const count = escapeMrkdwn(leads(input.replayed));
  const text =
    input.kind === "failed"
      ? slack`Resending ${count} that failed to ${name}.`
      : slack`Delivering ${count} that arrived before ${name} was attached.`;
  const pace = slack`They go out at most ${input.ratePerSecond} a second, behind nothing a person is waiting for; I'll post here how it went.`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`:repeat: ${text} ${pace}` } }] };
}

/** Nothing matched (none left, or they are being sent already: a second press never sends twice). */
export function nothingToReplayMessage(input: { kind: ReplayKind; destinationName: string; windowDays: number }): {
  text: SlackText;
  blocks: KnownBlock[];
} {
  const name = escapeMrkdwn(input.destinationName);
  const text =
    input.kind === "failed"
      ? slack`No failed leads of the last ${input.windowDays} days to resend to ${name}: none failed, or they are being resent already (a lead is never sent twice).`
      : slack`Every lead of the last ${input.windowDays} days already has a delivery to ${name} (or is on its way there).`;
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", verbatim: true, text } }] };
}

/**
 * How a replay went once every lead in it is final ("delivered N, failed M"), or how the leads
 * that waited for a fix went. Offers Resend again when some failed.
 */
export function replayOutcomeMessage(input: {
  kind: string;
  destinationId: string;
  destinationName: string;
  delivered: number;
  failed: number;
}): { text: SlackText; blocks: KnownBlock[] } {
  const name = escapeMrkdwn(input.destinationName);
  const total = input.delivered + input.failed;
  const subject =
    input.kind === "waiting"
      ? slack`The ${escapeMrkdwn(leads(total))} that ${total === 1 ? slack`was` : slack`were`} waiting on ${name}`
      : input.kind === "undelivered"
        ? slack`The ${escapeMrkdwn(leads(total))} that arrived before ${name}`
        : slack`The ${escapeMrkdwn(leads(total))} resent to ${name}`;
  const text = slack`${subject}: ${input.delivered} delivered, ${input.failed} failed.`;
  const icon = input.failed ? slack`:warning:` : slack`:white_check_mark:`;
  const blocks: KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", verbatim: true, text: slack`${icon} ${text}` } }];
  if (input.failed) {
    blocks.push({
      type: "context",
      elements: [
        { type: "mrkdwn", verbatim: true, text: slack`Their reasons are in \`/leadrelay events\`. Once the cause is fixed, resend them.` },
      ],
    });
    blocks.push({ type: "actions", elements: [resendFailedButton(input.destinationId, input.failed)] });
  }
  return { text, blocks };
}

/** `/leadrelay replay`: what replay does, and per destination what there is to resend or deliver, with the buttons. */
export function replayHelpMessage(input: {
  windowDays: number;
  ratePerSecond: number;
  destinations: readonly { id: string; name: string; failed: number; undelivered: number }[];
}): { response_type: "ephemeral"; text: SlackText; blocks: KnownBlock[] } {
  const text = slack`Replay delivers leads to a destination again.`;
  const blocks: KnownBlock[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        verbatim: true,
        text: slack`*Replay* delivers leads to a destination again, each once:
• *Resend N failed leads* — leads whose delivery failed for good (retries ran out, a refused field, a broken destination). Fix the cause first; a failure alert and the message after *Update credentials* / *Edit field mappings* offer it.
• *Deliver the N leads that arrived before this destination* — leads your flow accepted while it had no destination; offered when you attach one.
Both look at the last ${input.windowDays} days of live leads, never send a lead twice (pressing again is safe), go out at most ${input.ratePerSecond} a second behind your test leads, and end with "delivered N, failed M" in the thread. Over the API: \`POST /destinations/{id}/replay\`.`,
      },
    },
  ];
  for (const destination of input.destinations.slice(0, 20)) {
    const elements = [
      ...(destination.failed ? [resendFailedButton(destination.id, destination.failed)] : []),
      ...(destination.undelivered ? [deliverUndeliveredButton(destination.id, destination.undelivered)] : []),
    ];
    const state = elements.length
      ? slack`*${escapeMrkdwn(destination.name)}*: ${destination.failed} failed, ${destination.undelivered} never sent.`
      : slack`*${escapeMrkdwn(destination.name)}*: nothing to replay.`;
    blocks.push({ type: "section", text: { type: "mrkdwn", verbatim: true, text: state } });
    if (elements.length) blocks.push({ type: "actions", elements });
  }
  if (!input.destinations.length)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", verbatim: true, text: slack`You have no destination yet.` }] });
  return { response_type: "ephemeral", text, blocks };
}
