import type { SecretBox } from "../crypto/secret-box.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { IntegrationEndpoints } from "../integrations/integration.ts";
import type { ReplaySettings } from "../replays/replay-deps.ts";
import type { DeliveryDispatcher } from "../intake/delivery-dispatcher.ts";
import type { SourceContextChanges } from "../intake/source-context-changes.ts";

/** What configuring a destination needs: its checks call the destination's API. */
export interface DestinationDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  endpoints: IntegrationEndpoints;
  timeoutMs: number;
  /** Base of the OAuth callback URL handed to Salesforce. */
  publicUrl: string;
  /** REPLAY_RATE_PER_SECOND, REPLAY_MAX_LEADS and QUEUE_PREFIX; absent: their defaults. */
  replay?: ReplaySettings;
  /** Told when a new destination is attached to flows, or a deleted one leaves them. */
  sourceChanges: SourceContextChanges;
  /** Runs the deliveries that waited on a destination once an edit or a Retry makes it healthy. */
  dispatcher: DeliveryDispatcher;
}
