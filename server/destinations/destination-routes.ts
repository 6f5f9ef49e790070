import { createRoute, z } from "@hono/zod-openapi";
import type { DestinationDeps } from "../../core/destinations/destination-deps.ts";
import { deleteDestination, getDestination, listDestinations } from "../../core/destinations/list-destinations.ts";
import { startSalesforceAuthorization } from "../../core/destinations/salesforce-authorization.ts";
import { createDestination, resumeDestination, updateDestination } from "../../core/destinations/save-destination.ts";
import { awaitFirstAttempt } from "../../core/deliveries/await-first-attempt.ts";
import { sendTestLead, type TestLeadDeps } from "../../core/destinations/send-test-lead.ts";
import type { VerifyProblem } from "../../core/integrations/integration.ts";
import { replayDeps } from "../../core/replays/replay-deps.ts";
import { replayLeads } from "../../core/replays/replay-leads.ts";
import { REPLAY_MAX_LEAD_IDS, REPLAY_MAX_WINDOW_DAYS, replayRequestSchema, replaySelection } from "../../core/replays/replay-request.ts";
import { Refusal } from "../../core/refusal.ts";
import { errorResponses } from "../error-responses.ts";
import { eventSchema } from "../openapi-schemas.ts";
import { destinationCreateBody, destinationSchema, destinationUpdateBody, verificationFailedSchema } from "./destination-schemas.ts";
import { idParams } from "../path-params.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";

const params = idParams;
const verificationFailedResponse = { 422: json(verificationFailedSchema, "The destination did not verify: each problem names its input") };

const listRoute = createRoute({
  method: "get",
  path: "/destinations",
  operationId: "listDestinations",
  tags: ["Destinations"],
  summary: "The account's destinations",
  responses: { 200: json(z.object({ destinations: z.array(destinationSchema) }), "Destinations") },
});
const createDestinationRoute = createRoute({
  method: "post",
  path: "/destinations",
  operationId: "createDestination",
  tags: ["Destinations"],
  summary: "Create a destination (verified before it is saved)",
  description:
    "Runs the integration's check (credentials, list, required field mappings) and saves only if it passes. Partner accounts have one destination, attached to their flow.",
  request: { body: jsonBody(destinationCreateBody) },
  responses: { 201: json(destinationSchema, "The destination"), ...verificationFailedResponse, ...errorResponses(400, 403, 404) },
});
const getRoute = createRoute({
  method: "get",
  path: "/destinations/{id}",
  operationId: "getDestination",
  tags: ["Destinations"],
  summary: "A destination",
  request: { params },
  responses: { 200: json(destinationSchema, "The destination"), ...errorResponses(404) },
});
const updateRoute = createRoute({
  method: "patch",
  path: "/destinations/{id}",
  operationId: "updateDestination",
  tags: ["Destinations"],
  summary: "Edit a destination (verified before it is saved)",
  description:
    "Credentials left out keep their stored values (an empty string removes one). Deliveries waiting on an unhealthy destination resume once the edit verifies.",
  request: { params, body: jsonBody(destinationUpdateBody) },
  responses: { 200: json(destinationSchema, "The destination"), ...verificationFailedResponse, ...errorResponses(400, 404) },
});
const deleteRoute = createRoute({
  method: "delete",
  path: "/destinations/{id}",
  operationId: "deleteDestination",
  tags: ["Destinations"],
  summary: "Delete a destination with no delivery in progress",
  request: { params },
  responses: { 204: { description: "Deleted" }, ...errorResponses(404, 409) },
});
const testRoute = createRoute({
  method: "post",
  path: "/destinations/{id}/test",
  operationId: "sendTestLead",
  tags: ["Destinations"],
  summary: "Send a test lead through the real delivery path and return its event",
  request: { params, body: jsonBody(z.object({ fields: z.record(z.string(), z.string()).optional() }), { required: false }) },
  responses: {
    200: json(
      z.object({
        lead_id: z.string(),
        delivery_id: z.string(),
        event: eventSchema.nullable().describe("null if the first attempt had not finished within 20 s; read GET /leads/{lead_id}"),
      }),
      "The test lead and its first attempt",
    ),
    ...errorResponses(404, 409),
  },
});
const authorizeRoute = createRoute({
  method: "post",
  path: "/destinations/{id}/salesforce/authorize",
  operationId: "authorizeSalesforce",
  tags: ["Destinations"],
  summary: "Start the Salesforce OAuth authorization of a destination",
  description:
    "Open `authorize_url` (our /oauth/salesforce/start page) in the buyer's browser: it binds the authorization to that browser with a cookie, a single-use state and PKCE, and sends it to Salesforce, which returns to /oauth/salesforce/callback to store the tokens after verifying them. The link is valid for 15 minutes; the callback works once, in the browser that opened the link.",
  request: { params },
  responses: { 200: json(z.object({ authorize_url: z.string() }), "Where to send the buyer"), ...errorResponses(404, 409) },
});
const resumeRoute = createRoute({
  method: "post",
  path: "/destinations/{id}/resume",
  operationId: "resumeDestination",
  tags: ["Destinations"],
  summary: "Mark a destination healthy and resume the deliveries waiting for it",
  request: { params },
  responses: { 200: json(z.object({ destination: destinationSchema, resumed: z.number() }), "Resumed"), ...errorResponses(404) },
});

const replayRoute = createRoute({
  method: "post",
  path: "/destinations/{id}/replay",
  operationId: "replayLeads",
  tags: ["Destinations"],
  summary: "Deliver leads to this destination again (failed ones, or ones that arrived before it was attached)",
  description: [
    '`{"leads":"failed","since","until"}`: live leads that arrived in the window whose delivery here failed for good (retries ran out, a 4xx, a broken destination).',
    '`{"leads":"undelivered",…}`: live leads of the flows this destination is attached to that have no delivery to it (accepted while the flow had no destination).',
    `\`{"lead_ids":[…]}\` (at most ${REPLAY_MAX_LEAD_IDS}): those of them that are either; any other id (unknown, another account's, delivered, rejected) is skipped, and which is not said.`,
    `The window spans at most ${REPLAY_MAX_WINDOW_DAYS} days; one request takes at most REPLAY_MAX_LEADS leads (default 10,000), the oldest first: ask again for the rest.`,
    "Each replayed lead gets a new attempt series whose events carry `replay: true`. A lead already delivered here, or being replayed, is never sent again: asking twice (or at once) replays each lead once.",
    "Replayed leads go through the bulk lane at most REPLAY_RATE_PER_SECOND (default 20) a second per destination, so test leads and live traffic are never held up.",
  ].join("\n\n"),
  request: { params, body: jsonBody(replayRequestSchema) },
  responses: {
    202: json(
      z.object({ replayed: z.number().describe("How many leads will be delivered again") }).openapi("ReplayAccepted"),
      "Accepted: the leads are on their way",
    ),
    ...errorResponses(400, 404, 422),
  },
});

/** A destination that did not verify: 422 verification_failed, each problem naming its input (the root onError answers it). */
function verificationRefusal(problems: VerifyProblem[]): Refusal {
  return new Refusal("invalid", "verification_failed", problems.map((p) => p.message).join("; "), { problems });
}

export function destinationRoutes(deps: DestinationDeps, testLeads: TestLeadDeps) {
  return createRouter(accountKey(deps.prisma))
    .openapi(listRoute, async (c) => c.json({ destinations: await listDestinations(deps.prisma, c.get("accountId")) }, 200))
    .openapi(createDestinationRoute, async (c) => {
      const result = await createDestination(deps, c.get("accountId"), c.req.valid("json"));
      if (!result.ok) throw verificationRefusal(result.problems);
      return c.json(result.destination, 201);
    })
    .openapi(getRoute, async (c) => c.json(await getDestination(deps.prisma, c.get("accountId"), c.req.valid("param").id), 200))
    .openapi(updateRoute, async (c) => {
      const result = await updateDestination(deps, c.get("accountId"), c.req.valid("param").id, c.req.valid("json"));
      if (!result.ok) throw verificationRefusal(result.problems);
      return c.json(result.destination, 200);
    })
    .openapi(deleteRoute, async (c) => {
      await deleteDestination(deps.prisma, c.get("accountId"), c.req.valid("param").id, deps.sourceChanges);
      return c.body(null, 204);
    })
    .openapi(testRoute, async (c) => {
      // The body is optional: validated (schema, unstorable text) when sent as JSON; without one it reads as `{}`, an empty test lead.
      const { fields } = c.req.valid("json");
      const sent = await sendTestLead(testLeads, c.get("accountId"), c.req.valid("param").id, fields ?? {});
      const event = await awaitFirstAttempt(deps.prisma, sent.deliveryId, 20_000);
      return c.json({ lead_id: sent.leadId, delivery_id: sent.deliveryId, event }, 200);
    })
    .openapi(authorizeRoute, async (c) => {
      const { authorizeUrl } = await startSalesforceAuthorization(deps, c.get("accountId"), c.req.valid("param").id);
      return c.json({ authorize_url: authorizeUrl }, 200);
    })
    .openapi(replayRoute, async (c) => {
      const { replayed } = await replayLeads(
        replayDeps(deps),
        c.get("accountId"),
        c.req.valid("param").id,
        replaySelection(c.req.valid("json")),
      );
      return c.json({ replayed }, 202);
    })
    .openapi(resumeRoute, async (c) => {
      const { destination, resumedDeliveryIds } = await resumeDestination(deps, c.get("accountId"), c.req.valid("param").id);
      return c.json({ destination, resumed: resumedDeliveryIds.length }, 200);
    });
}
