import type { Destination } from "../../prisma/generated/client.ts";
import { findIntegration } from "../integrations/registry.ts";

/** A destination as the API and the Slack bot show it: credentials and secret settings (webhook header values) only as masked hints. */
export interface DestinationView {
  id: string;
  integration: string;
  name: string;
  description: string | null;
  auth_method: string | null;
  action: string;
  settings: unknown;
  mappings: unknown;
  /** Credential field -> "••••1234"; the values themselves are write-only. */
  credentials: Record<string, string>;
  health: "healthy" | "unhealthy" | "disabled";
  health_reason: string | null;
  unhealthy_since: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export function toDestinationView(destination: Destination): DestinationView {
  return {
    id: destination.id,
    integration: destination.integration,
    name: destination.name,
    description: destination.description,
    auth_method: destination.authMethod,
    action: destination.action,
    // Stored settings already hold masks; masking again also covers rows saved before header values were sealed.
    settings: findIntegration(destination.integration)?.secretSettings?.mask(destination.settings) ?? destination.settings,
    mappings: destination.mappings,
    credentials: destination.credentialsHint ? (JSON.parse(destination.credentialsHint) as Record<string, string>) : {},
    health: destination.health,
    health_reason: destination.healthReason,
    unhealthy_since: destination.unhealthySince?.toISOString() ?? null,
    version: destination.version,
    created_at: destination.createdAt.toISOString(),
    updated_at: destination.updatedAt.toISOString(),
  };
}
