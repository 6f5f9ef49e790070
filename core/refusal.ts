/**
 * Why a request is refused, as the domain sees it. Transports map the kind to their own terms
 * (HTTP status, a Slack message); `code` is stable for clients to branch on and `message` says
 * what happened and, where the caller can fix it, how.
 */
export type RefusalKind = "not_found" | "forbidden" | "conflict" | "gone" | "invalid";

export class Refusal extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "Refusal";
  }
}

export function notFound(what: string): Refusal {
  return new Refusal("not_found", "not_found", `No ${what} with this id in your account`);
}
