import type { SecretBox } from "../crypto/secret-box.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { IntegrationEndpoints } from "../integrations/integration.ts";
import type { DeliveryStore } from "./delivery-store.ts";

/** What delivering a lead needs from the outside world; built once per worker process. */
export interface DeliveryDeps {
  prisma: PrismaClient;
  /** The hot path: loading deliveries and recording attempts, group-committed. */
  store: DeliveryStore;
  secretBox: SecretBox;
  endpoints: IntegrationEndpoints;
  timeoutMs: number;
  /** Seconds between attempts; attempts = schedule.length + 1. */
  retrySchedule: number[];
  /** How long a delivery to an unhealthy destination waits before it checks again. */
  waitRecheckMs: number;
  /** A destination whose retryable failures have gone on this long is marked unhealthy. */
  unhealthyAfterMs: number;
}
