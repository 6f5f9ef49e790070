import type { SecretBox } from "../crypto/secret-box.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { IntegrationEndpoints } from "../integrations/integration.ts";
import type { DeliveryPolicy } from "./decide-delivery.ts";
import type { DeliveryStore } from "./delivery-store.ts";

/** What delivering a lead needs from the outside world, and the policy its decisions follow; built once per worker process. */
export interface DeliveryDeps extends DeliveryPolicy {
  prisma: PrismaClient;
  /** The hot path: loading deliveries and recording attempts, group-committed. */
  store: DeliveryStore;
  secretBox: SecretBox;
  endpoints: IntegrationEndpoints;
  timeoutMs: number;
}
