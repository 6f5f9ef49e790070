import type { OpenAPIHono } from "@hono/zod-openapi";

/** The tags the operations use, in the order the reference shows them. */
const TAGS = [
  { name: "Lead intake", description: "Sellers post leads here with a source's posting key (LeadConduit's contract)." },
  { name: "Accounts", description: "The account the key belongs to." },
  { name: "Members", description: "People of the account." },
  { name: "API keys", description: "The account's management keys." },
  { name: "Invitations", description: "Sellers invite buyers; an identity provider accepts for a verified person." },
  { name: "Connections", description: "A seller and a buyer connected by an accepted invitation." },
  { name: "Flows", description: "Fields, acceptance rules, sources and the destinations that get the leads." },
  { name: "Destinations", description: "Where leads are delivered (HubSpot, Salesforce, webhooks) and what each integration needs." },
  { name: "Leads", description: "Stored leads with their deliveries and events." },
  { name: "Events", description: "Everything that happened, newest first." },
  { name: "Service", description: "The service itself." },
];

/**
 * `GET /openapi.json`: the OpenAPI 3.1 document of every route, built from the same zod schemas
 * that validate the requests. `servers` is PUBLIC_URL (where the service is reached); operations
 * say their own `security` (`[]` when public): the router they are declared on adds it with the
 * check itself (server/create-router.ts), and one that lacks it fails the lint.
 */
export function serveApiDocument(app: OpenAPIHono, options: { publicUrl?: string }): void {
  app.doc31("/openapi.json", (c) => ({
    openapi: "3.1.0",
    info: {
      title: "leadrelay API",
      version: "1",
      description:
        'Lead intake (LeadConduit-compatible) and the account management API. Errors of the management API are `{"error":{"code","message","details"}}`; the intake answers `{"outcome","reason","price"}`.',
    },
    servers: [{ url: options.publicUrl ?? new URL(c.req.url).origin, description: "This service (PUBLIC_URL)" }],
    tags: TAGS,
  }));
}
