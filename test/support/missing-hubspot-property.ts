import type { PrismaClient } from "../../core/db/prisma.ts";
import type { FieldMapping } from "../../core/mappings/field-mapping.ts";

/** The property the fake HubSpot does not have: it answers 400 to a contact that carries it. */
export const MISSING_HUBSPOT_PROPERTY = "no_such_property";

/**
 * Adds a mapping onto MISSING_HUBSPOT_PROPERTY to the destination's (working) mappings, straight
 * in the table, so each lead it takes fails for good; `fix()` puts the working mappings back.
 */
export async function mapOntoMissingHubSpotProperty(prisma: PrismaClient, destinationId: string): Promise<{ fix: () => Promise<void> }> {
  const stored = await prisma.destination.findUniqueOrThrow({ where: { id: destinationId } });
  const good = stored.mappings as FieldMapping[];
  await prisma.destination.update({
    where: { id: destinationId },
    data: { mappings: [...good, { to: MISSING_HUBSPOT_PROPERTY, template: "{{lead.email}}" }] },
  });
  return {
    fix: async () => {
      await prisma.destination.update({ where: { id: destinationId }, data: { mappings: good } });
    },
  };
}
