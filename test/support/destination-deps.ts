import { runsNoDeliveries } from "../../core/intake/delivery-dispatcher.ts";
import { nothingCachedYet } from "../../core/intake/source-context-changes.ts";
import type { SecretBox } from "../../core/crypto/secret-box.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import type { DestinationDeps } from "../../core/destinations/destination-deps.ts";
import { testOutboundGuard } from "./test-config.ts";

/**
 * What createDestination needs when a suite saves a destination itself (before the leads it is
 * about): no source cache to tell and no deliveries to resume. Unreachable integration endpoints
 * unless the suite names its fake (then the save may verify against it).
 */
export function testDestinationDeps(
  prisma: PrismaClient,
  secretBox: SecretBox,
  options: { hubspotApiUrl?: string; timeoutMs?: number; publicUrl?: string } = {},
): DestinationDeps {
  return {
    prisma,
    secretBox,
    endpoints: {
      hubspotApiUrl: options.hubspotApiUrl ?? "http://127.0.0.1:9",
      salesforceLoginUrl: "http://127.0.0.1:9",
      outbound: testOutboundGuard(),
    },
    timeoutMs: options.timeoutMs ?? 2_000,
    publicUrl: options.publicUrl ?? "http://localhost",
    sourceChanges: nothingCachedYet,
    dispatcher: runsNoDeliveries,
  };
}
