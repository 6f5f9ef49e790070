import type { DeliveryCause, DeliveryResult } from "../integrations/integration.ts";

type Failure = Extract<DeliveryResult, { outcome: "failure" | "error" }>;

/** The cause of a failed attempt: the integration's own, else what its disposition and exchange say. */
export function deliveryCause(result: Failure): DeliveryCause {
  if (result.cause) return result.cause;
  if (result.disposition === "auth") return "credentials";
  if (result.disposition === "disable") return "destination_disabled";
  const status = result.snapshot.response?.status;
  if (status === 401 || status === 403) return "credentials";
  if (status === 429) return "rate_limited";
  if (status === undefined && result.snapshot.error) return "network";
  return "destination_error";
}
