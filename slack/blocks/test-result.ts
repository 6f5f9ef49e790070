import type { KnownBlock } from "@slack/types";
import type { DeliveryCause } from "../../core/integrations/integration.ts";
import { ACTIONS } from "../action-ids.ts";
import { escapeMrkdwn, slackDate, truncate } from "./mrkdwn.ts";
import { slack, type SlackText } from "./slack-text.ts";

/**
 * The message that tells the buyer how their test lead did, posted in the destination's
 * onboarding thread (SlackThread) when the delivery attempt is recorded. Shared by the bot and
 * the notify worker so both say it the same way. Pure: give it the recorded event's facts.
 */
export interface TestResultInput {
  outcome: "success" | "failure" | "error" | "skip";
  /** The attempt's typed cause (stored with its event): chooses the fix and its button, never the reason text. */
  cause?: DeliveryCause | null;
  /** The event's reason: the failure reason ("Invalid API Key"); on success the integration's summary. */
  reason?: string | null;
  /** The destination's record ("512"); named in the success line when the summary does not already. */
  recordId?: string | null;
  /** The integration's summary ("HubSpot contact 512 created"); defaults to the reason on success. */
  summary?: string | null;
  ms?: number | null;
  destinationId: string;
  leadId?: string | null;
  destinationName?: string | null;
  /** When the attempt was recorded. */
  at?: Date | string | null;
}

export type TestResultFix = "credentials" | "mappings" | "retry";

/** Which fix a failure's typed cause points at (the guide's troubleshooting table). */
export function suggestedFix(cause: DeliveryCause | null | undefined): TestResultFix {
  if (cause === "credentials") return "credentials";
  if (cause === "mappings") return "mappings";
  return "retry";
}

const FIX_TEXT: Record<TestResultFix, string> = {
  credentials:
    "Re-enter your credentials: check that the key or token is current, complete and has the scopes it needs, and that the right authentication method is selected.",
  mappings: "Edit the field mappings so every field the destination requires gets a value, and each one goes to a field that exists.",
  retry: "If the destination was down or slow, retry once it answers again. Check your destination's settings if it keeps failing.",
};

/** The one-line text (notification and fallback for clients without blocks), escaped. */
export function testResultText(input: TestResultInput): SlackText {
  if (input.outcome === "success") return slack`Test lead delivered: ${escapeMrkdwn(successLine(input))}`;
  if (input.outcome === "skip")
    return slack`Test lead is waiting: ${escapeMrkdwn(truncate(input.reason ?? "destination unavailable", 500))}`;
  return slack`Test lead failed: ${escapeMrkdwn(truncate(input.reason ?? "unknown error", 500))}`;
}

/** The test result as a message (posted by the notify worker in the destination's thread). */
export function testResultMessage(input: TestResultInput): { text: SlackText; blocks: KnownBlock[] } {
  return { text: testResultText(input), blocks: testResultBlocks(input) };
}

export function testResultBlocks(input: TestResultInput): KnownBlock[] {
  const where = input.destinationName ? ` to *${escapeMrkdwn(input.destinationName)}*` : "";
  const context = [
    input.leadId ? `Lead \`${escapeMrkdwn(input.leadId)}\`` : null,
    input.at ? slackDate(input.at) : null,
    "marked as a test lead everywhere",
  ]
    .filter(Boolean)
    .join(" · ");

  if (input.outcome === "success") {
    return [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          verbatim: true,
          text: `:white_check_mark: *Test lead delivered*${where}\n${escapeMrkdwn(successLine(input))}`,
        },
      },
      {
        type: "context",
        elements: [
          {
            type: "mrkdwn",
            verbatim: true,
            text: `${context}. Check it in your system; live leads from your seller will arrive the same way.`,
          },
        ],
      },
    ];
  }

  const fix = suggestedFix(input.cause);
  const reason = escapeMrkdwn(truncate(input.reason ?? "Unknown error", 500));
  const headline = input.outcome === "skip" ? `:double_vertical_bar: *Test lead is waiting*${where}` : `:x: *Test lead failed*${where}`;
  const button = (text: string, actionId: string, kind: TestResultFix) => ({
    type: "button" as const,
    text: { type: "plain_text" as const, text },
    action_id: actionId,
    value: input.destinationId,
    ...(fix === kind ? { style: "primary" as const } : {}),
  });
  return [
    {
      type: "section",
      text: { type: "mrkdwn", verbatim: true, text: `${headline}\n*Reason:* ${reason}${input.ms != null ? ` (${input.ms} ms)` : ""}` },
    },
    { type: "section", text: { type: "mrkdwn", verbatim: true, text: `*Fix:* ${FIX_TEXT[fix]}` } },
    {
      type: "actions",
      block_id: "test_result_fix",
      elements: [
        button("Update credentials", ACTIONS.updateCredentials, "credentials"),
        button("Edit field mappings", ACTIONS.editMappings, "mappings"),
        button("Retry", ACTIONS.retryDestination, "retry"),
      ],
    },
    ...(context ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, verbatim: true, text: context }] }] : []),
  ];
}

/** "HubSpot contact 512 created, 340 ms". */
function successLine(input: TestResultInput): string {
  const summary = input.summary ?? input.reason ?? null;
  let line = summary ?? (input.recordId ? `Record ${input.recordId} created` : "Delivered");
  if (input.recordId && !line.includes(input.recordId)) line += ` (record ${input.recordId})`;
  return input.ms != null ? `${line}, ${input.ms} ms` : line;
}
