import type { Logger } from "../core/logger.ts";
import { Refusal } from "../core/refusal.ts";

/** What to tell the person when their request did not work: the refusal's own words, or a generic line. */
export function describeError(error: unknown): string {
  if (error instanceof Refusal) return error.message;
  return "Something went wrong on our side: try again in a minute. If it keeps happening, tell your leadrelay admin.";
}

/**
 * Runs a listener's work after its ack; a refusal (or any failure, logged) becomes a reply to
 * the person instead of a silent nothing.
 */
export async function replyOnError(logger: Logger, reply: (text: string) => Promise<unknown>, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof Refusal)) logger.error({ err: error instanceof Error ? error.message : String(error) }, "Slack listener failed");
    await reply(describeError(error)).catch((replyError: unknown) =>
      logger.warn({ err: (replyError as Error).message }, "could not tell the person about an error"),
    );
  }
}
