import { createRoute, z } from "@hono/zod-openapi";
import { listIntegrations } from "../../core/integrations/registry.ts";
import { createRouter, publicAccess } from "../create-router.ts";
import { json } from "../openapi/json-content.ts";

const integrationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    auth_methods: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        fields: z.array(
          z.object({ name: z.string(), label: z.string(), secret: z.boolean(), optional: z.boolean(), hint: z.string().nullable() }),
        ),
      }),
    ),
    actions: z.array(z.object({ id: z.string(), label: z.string() })),
    settings_schema: z.unknown().describe("JSON Schema of the integration's settings"),
    fields: z.array(z.object({ name: z.string(), label: z.string(), required: z.boolean() })),
    default_mappings: z.array(z.object({ to: z.string(), template: z.string() })),
  })
  .openapi("Integration");

const listRoute = createRoute({
  method: "get",
  path: "/integrations",
  operationId: "listIntegrations",
  tags: ["Destinations"],
  summary: "Where leads can be delivered: each integration's authentication, actions, settings and fields",
  responses: { 200: json(z.object({ integrations: z.array(integrationSchema) }), "The integrations") },
});

export function integrationRoutes() {
  const integrations = listIntegrations().map((integration) => ({
    id: integration.id,
    name: integration.name,
    description: integration.description,
    auth_methods: integration.authMethods.map((m) => ({
      id: m.id,
      label: m.label,
      fields: m.fields.map((f) => ({
        name: f.name,
        label: f.label,
        secret: f.secret,
        optional: f.optional ?? false,
        hint: f.hint ?? null,
      })),
    })),
    actions: integration.actions,
    settings_schema: z.toJSONSchema(integration.settingsSchema, { io: "input", unrepresentable: "any" }),
    fields: integration.fields,
    default_mappings: integration.defaultMappings,
  }));
  return createRouter(publicAccess).openapi(listRoute, (c) => c.json({ integrations }, 200));
}
