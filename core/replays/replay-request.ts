import { z } from "zod";

/** A replay window may span at most this long (a month of leads at most per request). */
export const REPLAY_MAX_WINDOW_DAYS = 31;
/** `lead_ids` names at most this many leads per request. */
export const REPLAY_MAX_LEAD_IDS = 1_000;

export const REPLAY_MODES = ["failed", "undelivered"] as const;
export type ReplayMode = (typeof REPLAY_MODES)[number];

/**
 * The body of `POST /destinations/{id}/replay`: either `leads` with a window, or `lead_ids`.
 * Shape and types here (400 with one detail per field); the window's sense (since before
 * until, its span) is checked by replayLeads, so every caller gets the same 422.
 */
export const replayRequestSchema = z
  .object({
    leads: z
      .enum(REPLAY_MODES)
      .optional()
      .describe(
        "`failed`: leads whose delivery to this destination failed for good; `undelivered`: leads of the flows it is attached to that have no delivery to it",
      ),
    since: z.iso.datetime({ offset: true }).optional().describe("With `leads`: leads that arrived at or after this instant (ISO 8601)"),
    until: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(`With \`leads\`: leads that arrived before this instant; at most ${REPLAY_MAX_WINDOW_DAYS} days after \`since\``),
    lead_ids: z
      .array(z.uuid())
      .min(1)
      .max(REPLAY_MAX_LEAD_IDS)
      .optional()
      .describe(`Instead of a window: these leads (at most ${REPLAY_MAX_LEAD_IDS}); ids that are not replayable here are skipped`),
  })
  .strict()
  .superRefine((body, ctx) => {
    const windowGiven = body.since !== undefined || body.until !== undefined;
    if (body.lead_ids && (body.leads || windowGiven)) {
      ctx.addIssue({ code: "custom", path: ["lead_ids"], message: "Give either `lead_ids` or `leads` with `since` and `until`, not both" });
      return;
    }
    if (body.lead_ids) return;
    if (!body.leads) {
      ctx.addIssue({
        code: "custom",
        path: ["leads"],
        message: "Required: `failed` or `undelivered` (with `since` and `until`), or give `lead_ids`",
      });
      return;
    }
    if (body.since === undefined)
      ctx.addIssue({ code: "custom", path: ["since"], message: "Required with `leads`: the start of the window (ISO 8601)" });
    if (body.until === undefined)
      ctx.addIssue({ code: "custom", path: ["until"], message: "Required with `leads`: the end of the window (ISO 8601)" });
  });

export type ReplayRequestBody = z.infer<typeof replayRequestSchema>;

/** Which leads a replay asks for, as the domain takes it. */
export type ReplaySelection = { mode: ReplayMode; since: Date; until: Date } | { leadIds: string[] };

/** The validated body as a selection (the schema guarantees one of the two forms). */
export function replaySelection(body: ReplayRequestBody): ReplaySelection {
  if (body.lead_ids) return { leadIds: [...new Set(body.lead_ids.map((id) => id.toLowerCase()))] };
  return { mode: body.leads!, since: new Date(body.since!), until: new Date(body.until!) };
}

/** The window Slack's buttons use: the longest a request may ask for, ending now. */
export function recentWindow(now = new Date()): { since: Date; until: Date } {
  return { since: new Date(now.getTime() - REPLAY_MAX_WINDOW_DAYS * 86_400_000), until: now };
}
