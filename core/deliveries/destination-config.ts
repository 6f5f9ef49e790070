import type { Integration } from "../integrations/integration.ts";
import { findIntegration } from "../integrations/registry.ts";
import { fieldMappingsSchema, type FieldMapping } from "../mappings/field-mapping.ts";

/** A destination's stored configuration as a delivery needs it: its integration and checked settings and mappings. */
export interface DestinationConfig {
  integration: Integration | undefined;
  settings: { success: true; data: Record<string, unknown> } | { success: false } | undefined;
  mappings: { success: true; data: FieldMapping[] } | { success: false };
}

const MAX_ENTRIES = 1_000;
const configs = new Map<string, DestinationConfig>();

/**
 * Parses and checks a destination's stored settings and mappings once per distinct stored text,
 * not once per delivery: at a thousand deliveries a second to one destination, JSON.parse and the
 * zod schemas of the same configuration showed in the worker's profile. The key is the stored
 * text itself (jsonb never holds a NUL, the separator), so any edit, by any process or statement,
 * is a new key; nothing has to be invalidated. The parsed values are shared by the deliveries
 * that use them and must not be modified.
 */
export function destinationConfig(integrationId: string, settingsText: string, mappingsText: string): DestinationConfig {
  const key = `${integrationId}\u0000${settingsText}\u0000${mappingsText}`;
  const cached = configs.get(key);
  if (cached) return cached;
  const integration = findIntegration(integrationId);
  const config: DestinationConfig = {
    integration,
    settings: integration?.settingsSchema.safeParse(JSON.parse(settingsText)),
    mappings: fieldMappingsSchema.safeParse(JSON.parse(mappingsText)),
  };
  if (configs.size >= MAX_ENTRIES) configs.clear();
  configs.set(key, config);
  return config;
}
