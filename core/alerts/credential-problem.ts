import { DELIVERY_CAUSES, type DeliveryCause } from "../integrations/integration.ts";

/** The typed cause stored with an attempt or health event (its snapshot's `cause`), if any. */
export function storedCause(snapshot: unknown): DeliveryCause | null {
  const cause = typeof snapshot === "object" && snapshot !== null ? (snapshot as { cause?: unknown }).cause : undefined;
  return DELIVERY_CAUSES.find((known) => known === cause) ?? null;
}

/**
 * Whether re-entering the destination's credentials is the fix (the alert then offers it):
 * decided from the typed cause, never from the reason's wording.
 */
export function isCredentialProblem(cause: DeliveryCause | null | undefined): boolean {
  return cause === "credentials";
}
