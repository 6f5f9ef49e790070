import { z } from "zod";

export const CAP_PERIODS = ["hour", "day", "week", "month"] as const;
export type CapPeriod = (typeof CAP_PERIODS)[number];

/** The highest limit a cap may have: far above any real volume, low enough to stay an exact integer everywhere. */
export const MAX_CAP_LIMIT = 10_000_000;

/**
 * The IANA name of a time zone Node knows (`America/Chicago`, `UTC`), in its canonical spelling;
 * anything else ("CST6", "Mars/Olympus", "+02:00") is refused, so a window can always be computed.
 */
export const timeZoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .transform((name, context) => {
    const canonical = canonicalTimeZone(name);
    if (!canonical) {
      context.addIssue({ code: "custom", message: `Unknown time zone: use an IANA name such as "America/Chicago" or "UTC"` });
      return z.NEVER;
    }
    return canonical;
  });

function canonicalTimeZone(name: string): string | null {
  // Offsets ("+02:00") are valid to Intl but are not zones: a cap's window follows a place's DST.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** One volume cap: at most `limit` live leads per `period`, windows counted in `timezone` (weeks start on Monday). */
export const sourceCapSchema = z.object({
  period: z.enum(CAP_PERIODS),
  limit: z.number().int().min(1).max(MAX_CAP_LIMIT),
  timezone: timeZoneSchema
    .default("UTC")
    .describe('IANA time zone whose wall clock the windows follow, e.g. "America/Chicago" (default UTC)'),
});

/** A source's caps: at most one per period (so at most four). A lead is accepted only while every cap has room. */
export const sourceCapsSchema = z
  .array(sourceCapSchema)
  .max(CAP_PERIODS.length)
  .superRefine((caps, context) => {
    const seen = new Set<CapPeriod>();
    caps.forEach((cap, index) => {
      if (seen.has(cap.period))
        context.addIssue({ code: "custom", path: [index, "period"], message: `Only one cap per period: "${cap.period}" is given twice` });
      seen.add(cap.period);
    });
  });

export type SourceCap = z.infer<typeof sourceCapSchema>;

/** The rejection reason of a live lead over a cap (LeadConduit's wording). */
export const CAP_REACHED = "Cap reached";

/** Caps as stored (validated when saved); a row that no longer parses has no caps rather than blocking intake. */
export function storedCaps(value: unknown): SourceCap[] {
  const parsed = sourceCapsSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** "At most 100 live leads per day, counted in America/Chicago": for docs and Slack. */
export function describeCap(cap: SourceCap): string {
  const unit = cap.limit === 1 ? "lead" : "leads";
  const period = cap.period === "week" ? "week (weeks start on Monday)" : cap.period;
  return `At most ${cap.limit} live ${unit} per ${period}, counted in ${cap.timezone}`;
}
