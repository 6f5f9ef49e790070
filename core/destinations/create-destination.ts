import type { SecretBox } from "../crypto/secret-box.ts";
import { secretHint } from "../crypto/secret-token.ts";
import type { Prisma, PrismaClient } from "../db/prisma.ts";
import { newId } from "../ids.ts";
import { findIntegration } from "../integrations/registry.ts";
import { fieldMappingsSchema } from "../mappings/field-mapping.ts";
import { checkMappingTemplates } from "../mappings/render-mappings.ts";

export interface NewDestination {
  accountId: string;
  integration: string;
  name: string;
  description?: string | null;
  authMethod?: string | null;
  action?: string;
  settings: unknown;
  mappings?: unknown;
  credentials?: Record<string, string>;
}

export class DestinationConfigError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "DestinationConfigError";
  }
}

/**
 * Validates a destination against its integration (settings schema, action, mapping templates)
 * and stores it with its credentials sealed. Only a hint of the last secret is kept readable.
 */
export async function createDestination(prisma: PrismaClient, secretBox: SecretBox, input: NewDestination) {
  const integration = findIntegration(input.integration);
  if (!integration) throw new DestinationConfigError("integration", `Unknown integration ${input.integration}`);
  const settings = integration.settingsSchema.safeParse(input.settings ?? {});
  if (!settings.success) {
    const issue = settings.error.issues[0];
    throw new DestinationConfigError(`settings.${issue?.path.join(".") ?? ""}`, issue?.message ?? "Invalid settings");
  }
  const action = input.action ?? integration.actions[0]!.id;
  if (!integration.actions.some((a) => a.id === action)) throw new DestinationConfigError("action", `Unknown action ${action}`);
  const mappings = fieldMappingsSchema.parse(input.mappings ?? integration.defaultMappings);
  checkMappingTemplates(mappings);

  const credentials = input.credentials ?? {};
  const secrets = integration.authMethods.flatMap((m) => m.fields).filter((f) => f.secret && credentials[f.name]);
  const lastSecret = secrets.at(-1);
  return prisma.destination.create({
    data: {
      id: newId(),
      accountId: input.accountId,
      integration: integration.id,
      name: input.name,
      description: input.description ?? null,
      authMethod: input.authMethod ?? integration.authMethods[0]?.id ?? null,
      action,
      settings: settings.data as Prisma.InputJsonObject,
      mappings,
      credentials: Object.keys(credentials).length ? secretBox.sealJson(credentials) : null,
      credentialsHint: lastSecret ? secretHint(credentials[lastSecret.name]!) : null,
    },
  });
}
