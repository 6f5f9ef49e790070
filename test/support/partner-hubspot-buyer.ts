import type { SecretBox } from "../../core/crypto/secret-box.ts";
import type { PrismaClient } from "../../core/db/prisma.ts";
import { createDestination } from "../../core/destinations/save-destination.ts";
import { onboardInvitedBuyer, type PartnerOnboarding } from "../../core/partners/onboard-invited-buyer.ts";
import { testDestinationDeps } from "./destination-deps.ts";

type Person = { email: string; realName: string };

export type PartnerHubSpotBuyer = PartnerOnboarding & { destinationId: string };

/**
 * A seller who invited a buyer, the buyer onboarded (onboardInvitedBuyer) with one HubSpot
 * destination saved on the fake HubSpot at `hubspotApiUrl`: verified there unless `verify: false`
 * (a token the suite wants to fail with later).
 */
export async function onboardHubSpotBuyer(
  prisma: PrismaClient,
  secretBox: SecretBox,
  hubspotApiUrl: string,
  parties: { seller: Person & { company: string }; buyer: Person & { company: string } },
  destination: { name: string; description?: string; accessToken: string; verify?: boolean },
): Promise<PartnerHubSpotBuyer> {
  const partner = await onboardInvitedBuyer(prisma, secretBox, {
    publicUrl: "http://localhost",
    seller: { name: parties.seller.company, adminEmail: parties.seller.email, adminName: parties.seller.realName },
    buyer: { email: parties.buyer.email, name: parties.buyer.realName, company: parties.buyer.company },
  });
  const saved = await createDestination(
    testDestinationDeps(prisma, secretBox, { hubspotApiUrl }),
    partner.buyer.accountId,
    {
      integration: "hubspot",
      name: destination.name,
      ...(destination.description === undefined ? {} : { description: destination.description }),
      settings: {},
      credentials: { accessToken: destination.accessToken },
    },
    { verify: destination.verify ?? true },
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.problems));
  return { ...partner, destinationId: saved.destination.id };
}
