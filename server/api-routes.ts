import type { Env, Hono } from "hono";
import type { ExtractSchema } from "hono/types";
import type { accountRoutes } from "./accounts/account-routes.ts";
import type { apiKeyRoutes } from "./api-keys/api-key-routes.ts";
import type { connectionRoutes } from "./connections/connection-routes.ts";
import type { destinationRoutes } from "./destinations/destination-routes.ts";
import type { eventRoutes } from "./events/event-routes.ts";
import type { flowRoutes } from "./flows/flow-routes.ts";
import type { submissionDocsRoutes } from "./flows/submission-docs-routes.ts";
import type { healthRoutes } from "./health-routes.ts";
import type { integrationRoutes } from "./integrations/integration-routes.ts";
import type { invitationLinkRoutes } from "./invitations/invitation-link-routes.ts";
import type { invitationRoutes } from "./invitations/invitation-routes.ts";
import type { leadRoutes } from "./leads/lead-routes.ts";
import type { memberRoutes } from "./members/member-routes.ts";

/**
 * The JSON API's routes as one type: every operation's path, method, input and answers per
 * status, from the routers' own route definitions. A typed client is built from it
 * (`hc<ApiRoutes>(baseUrl)` from hono/client, see test/support/typed-api.ts), so a client's
 * request and the bodies it reads are checked against the schemas the server validates and
 * documents. Only the type is taken: createApp mounts the routers themselves.
 * The intake (its own content types) and the HTML pages are not in it.
 */
export type ApiRoutes = Hono<
  Env,
  ExtractSchema<
    | ReturnType<typeof healthRoutes>
    | ReturnType<typeof leadRoutes>
    | ReturnType<typeof eventRoutes>
    | ReturnType<typeof integrationRoutes>
    | ReturnType<typeof destinationRoutes>
    | ReturnType<typeof accountRoutes>
    | ReturnType<typeof memberRoutes>
    | ReturnType<typeof apiKeyRoutes>
    | ReturnType<typeof invitationRoutes>
    | ReturnType<typeof invitationLinkRoutes>
    | ReturnType<typeof connectionRoutes>
    | ReturnType<typeof flowRoutes>
    | ReturnType<typeof submissionDocsRoutes>
  >
>;
