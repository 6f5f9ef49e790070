import type { SecretBox } from "../crypto/secret-box.ts";
import type { PrismaClient } from "../db/prisma.ts";
import type { IntegrationEndpoints } from "../integrations/integration.ts";
import type { ReplayLimits } from "../replays/replay-deps.ts";

/** What configuring a destination needs: its checks call the destination's API. */
export interface DestinationDeps {
  prisma: PrismaClient;
  secretBox: SecretBox;
  endpoints: IntegrationEndpoints;
  timeoutMs: number;
  /** Base of the OAuth callback URL handed to Salesforce. */
  publicUrl: string;
  /** REPLAY_RATE_PER_SECOND and REPLAY_MAX_LEADS; absent: their defaults. */
  replay?: ReplayLimits;
}
