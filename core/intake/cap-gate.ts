import { CAP_REACHED } from "../caps/source-cap.ts";
import type { SourceCaps } from "../caps/source-caps.ts";
import type { Logger } from "../logger.ts";
import type { SourceContext } from "./source-context.ts";

export interface CapGateResult {
  /** The lead's rejection after caps: unchanged, or "Cap reached". */
  rejection: string | null;
  /** Gives back the room this lead took (call it when the lead is then not stored). */
  release(): Promise<void>;
}

const NOTHING_TO_RELEASE = async () => {};

/**
 * Intake's volume-cap step. It runs last, after every other check, so a lead rejected for any
 * other reason never takes room; test leads never count. A source without caps costs nothing
 * (its caps come with the cached source context). When the counters cannot be reached the
 * answer is "unavailable" (503, the seller retries): over-delivering past a buyer's cap is the
 * worse failure.
 */
export async function applyCaps(
  caps: SourceCaps | null | undefined,
  context: SourceContext,
  isTest: boolean,
  rejection: string | null,
  logger: Logger,
): Promise<CapGateResult | "unavailable"> {
  if (rejection || isTest || !context.caps.length || !caps) return { rejection, release: NOTHING_TO_RELEASE };
  try {
    const verdict = await caps.claim(context);
    if (verdict.reached) return { rejection: CAP_REACHED, release: NOTHING_TO_RELEASE };
    return {
      rejection: null,
      release: () =>
        verdict
          .release()
          .catch((error: unknown) =>
            logger.warn({ err: (error as Error).message, sourceId: context.sourceId }, "intake: giving back a cap's room failed"),
          ),
    };
  } catch (error) {
    logger.error({ err: (error as Error).message, sourceId: context.sourceId }, "intake: the cap counters are unavailable");
    return "unavailable";
  }
}
