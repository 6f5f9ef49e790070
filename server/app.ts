import { OpenAPIHono } from "@hono/zod-openapi";
import type { PrismaClient } from "../core/db/prisma.ts";
import type { IntakeDeps } from "../core/intake/submit-lead.ts";
import type { Logger } from "../core/logger.ts";
import { apiBodyLimit } from "./api-body-limit.ts";
import { errorBody } from "./error-body.ts";
import { refuseHead } from "./head-not-allowed.ts";
import { errorAnswer } from "./error-answer.ts";
import { faultPage, wantsPage } from "./pages/fault-page.ts";
import { wrapNonErrorThrows } from "./non-error-throws.ts";
import { healthRoutes } from "./health-routes.ts";
import { destinationApiRouters, leadApiRouters, managementApiRouters, mountAll } from "./api-routes.ts";
import { docsRoutes } from "./docs/docs-routes.ts";
import { serveApiDocument } from "./openapi/api-document.ts";
import { registerSubmitRouteDocs } from "./submit/submit-route-docs.ts";
import { validationHook } from "./validation-hook.ts";
import type { DestinationDeps } from "../core/destinations/destination-deps.ts";
import type { AuthorizationStates } from "../core/destinations/salesforce-authorization.ts";
import { awaitFirstAttempt } from "../core/deliveries/await-first-attempt.ts";
import { salesforceCallbackRoutes } from "./destinations/salesforce-callback-routes.ts";
import type { ManagementDeps } from "./management-deps.ts";
import { submitRoutes } from "./submit/submit-routes.ts";
import type { SlackBot } from "../bot/slack-app.ts";
import { slackRoutes } from "./slack/slack-routes.ts";
import { requestLimitsContext, type RequestLimits } from "./rate-limit/request-limits.ts";

export interface AppDeps {
  prisma: PrismaClient;
  intake: IntakeDeps;
  logger: Logger;
  /** Reports whether the queue's Redis is reachable, for /health. */
  queueReady: () => boolean;
  /** Upper bound of the intake's `?wait=` (INTAKE_MAX_WAIT_SECONDS). */
  maxWaitSeconds?: number;
  /** Destinations: configuring, verifying and test-sending; absent in intake-only tests. */
  destinations?: DestinationDeps;
  /** The management API (accounts, members, API keys, invitations, connections, flows); absent in intake-only tests. */
  management?: ManagementDeps;
  /** The Slack bot's endpoints (/slack/events, /slack/install, /slack/oauth_redirect); absent when the bot is off. */
  slack?: SlackBot | null;
  /** Salesforce OAuth states (single-use, bound to the browser); absent: no browser authorization routes. */
  authorizationStates?: AuthorizationStates;
  /** Rate limits (failed authentications, invitations); absent: nothing is limited. */
  limits?: RequestLimits;
  /** PUBLIC_URL: the `servers` of /openapi.json (absent: the origin the document was asked at). */
  publicUrl?: string;
}

/** Builds the HTTP app: intake, management API, OpenAPI document and reference page. */
export function createApp(deps: AppDeps): OpenAPIHono {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  // First, so that a route throwing a non-Error still reaches onError below (Hono passes it only Errors).
  app.use("*", wrapNonErrorThrows());

  app.route("/", healthRoutes(deps.prisma, deps.queueReady));

  // Hono runs GET handlers for HEAD: GET routes that change state refuse HEAD (the intake's GET does so itself).
  app.use("/oauth/salesforce/callback", refuseHead());
  app.use("/slack/oauth_redirect", refuseHead());

  app.use("*", requestLimitsContext(deps.limits));
  const maxWaitSeconds = deps.maxWaitSeconds ?? 30;
  app.route(
    "/",
    submitRoutes(
      { ...deps.intake, authFailures: deps.limits?.authFailures ?? null },
      { maxSeconds: maxWaitSeconds, firstAttempt: (id, ms) => awaitFirstAttempt(deps.prisma, id, ms) },
    ),
  );
  registerSubmitRouteDocs(app, { maxWaitSeconds });
  // Everything after the intake (which has its own limit and answer) reads at most 1 MB of body.
  app.use("*", apiBodyLimit());

  mountAll(app, leadApiRouters(deps.prisma));
  if (deps.destinations) {
    const testLeads = { prisma: deps.prisma, leads: deps.intake.leads, dispatcher: deps.intake.dispatcher };
    mountAll(app, destinationApiRouters(deps.destinations, testLeads));
    if (deps.authorizationStates)
      app.route("/", salesforceCallbackRoutes(deps.destinations, deps.authorizationStates, deps.logger, deps.slack?.salesforceConnected));
  }
  // Each router says who may call its operations (server/create-router.ts): account key, identity provider key, or no key.
  if (deps.management) {
    const links = { slack: deps.slack, linkLimiter: deps.limits?.invitationLinks };
    mountAll(app, managementApiRouters(deps.management, links));
  }

  if (deps.slack) app.route("/", slackRoutes(deps.slack));

  serveApiDocument(app, { publicUrl: deps.publicUrl });
  app.route("/", docsRoutes());

  app.notFound((c) => c.json(errorBody("not_found", `No route for ${c.req.method} ${c.req.path}`), 404));
  // The one place an error becomes an HTTP answer (Refusal kinds, invalid input, server faults): see error-answer.ts.
  app.onError((error, c) => {
    const answer = errorAnswer(error);
    if (answer.fault) deps.logger.error({ ...answer.fault.log, request_id: answer.fault.requestId, path: c.req.path }, "unhandled error");
    else deps.logger.debug({ err: error.message, path: c.req.path }, answer.body.error.message);
    // A person in a browser gets a page, not JSON; API clients get the JSON body either way.
    if (answer.fault && wantsPage(c)) return faultPage(c, answer.fault.requestId);
    return c.json(answer.body, answer.status);
  });
  return app;
}
