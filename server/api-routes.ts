import type { Env, Hono, Schema } from "hono";
import type { ExtractSchema } from "hono/types";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { DestinationDeps } from "../core/destinations/destination-deps.ts";
import type { TestLeadDeps } from "../core/destinations/send-test-lead.ts";
import { accountRoutes } from "./accounts/account-routes.ts";
import { apiKeyRoutes } from "./api-keys/api-key-routes.ts";
import { connectionRoutes } from "./connections/connection-routes.ts";
import { destinationRoutes } from "./destinations/destination-routes.ts";
import { eventRoutes } from "./events/event-routes.ts";
import { flowRoutes } from "./flows/flow-routes.ts";
import { submissionDocsRoutes } from "./flows/submission-docs-routes.ts";
import type { healthRoutes } from "./health-routes.ts";
import { integrationRoutes } from "./integrations/integration-routes.ts";
import { invitationLinkRoutes, type InvitationLinkOptions } from "./invitations/invitation-link-routes.ts";
import { invitationRoutes } from "./invitations/invitation-routes.ts";
import { leadRoutes } from "./leads/lead-routes.ts";
import type { ManagementDeps } from "./management-deps.ts";
import { memberRoutes } from "./members/member-routes.ts";

/** The routers every app has: leads, events, the integrations list. */
export function leadApiRouters(prisma: PrismaClient) {
  return [leadRoutes(prisma), eventRoutes(prisma), integrationRoutes()] as const;
}

/** Destinations: configuring, verifying, test-sending, replaying. */
export function destinationApiRouters(deps: DestinationDeps, testLeads: TestLeadDeps) {
  return [destinationRoutes(deps, testLeads)] as const;
}

/** The management API: accounts, members, API keys, invitations, connections, flows. */
export function managementApiRouters(deps: ManagementDeps, links: InvitationLinkOptions) {
  return [
    accountRoutes(deps),
    memberRoutes(deps),
    apiKeyRoutes(deps),
    invitationRoutes(deps),
    invitationLinkRoutes(deps, links),
    connectionRoutes(deps),
    flowRoutes(deps),
    submissionDocsRoutes(deps),
  ] as const;
}

/**
 * Mounts one of the lists above at "/". Their routers' types differ (env, schema), which app.route
 * cannot infer from a union: each is a Hono (the factories above say so), and only ApiRoutes reads
 * their own types.
 */
export function mountAll(app: Hono<Env, Schema, string>, routers: readonly Pick<Hono, "routes">[]): void {
  for (const router of routers) app.route("/", router as unknown as Hono<Env, Schema, "/">);
}

type RoutersOf<F extends (...args: never[]) => readonly unknown[]> = ReturnType<F>[number];

/**
 * The JSON API's routes as one type: every operation's path, method, input and answers per
 * status, from the routers' own route definitions. A typed client is built from it
 * (`hc<ApiRoutes>(baseUrl)` from hono/client, see test/support/typed-api.ts), so a client's
 * request and the bodies it reads are checked against the schemas the server validates and
 * documents. createApp mounts exactly the lists above, so a router added to one of them is in
 * this type too. The intake (its own content types), the HTML pages and Slack's endpoints are not.
 */
export type ApiRoutes = Hono<
  Env,
  ExtractSchema<
    | ReturnType<typeof healthRoutes>
    | RoutersOf<typeof leadApiRouters>
    | RoutersOf<typeof destinationApiRouters>
    | RoutersOf<typeof managementApiRouters>
  >
>;
