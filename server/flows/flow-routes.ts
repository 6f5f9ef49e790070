import { createRoute, z } from "@hono/zod-openapi";
import { addFlowSource } from "../../core/flows/add-flow-source.ts";
import { attachDestination, detachDestination } from "../../core/flows/add-flow-step.ts";
import { createFlowWithinPlan } from "../../core/flows/create-flow-within-plan.ts";
import { sourceCapsSchema } from "../../core/caps/source-cap.ts";
import { leadRulesSchema, flowFieldsSchema } from "../../core/flows/flow-config.ts";
import { getFlow } from "../../core/flows/get-flow.ts";
import { listFlows } from "../../core/flows/list-flows.ts";
import { updateFlow } from "../../core/flows/update-flow.ts";
import { notFound } from "../../core/refusal.ts";
import { displayNameSchema } from "../accounts/account-schemas.ts";
import { errorResponses } from "../error-responses.ts";
import type { ManagementDeps } from "../management-deps.ts";
import { pageQuerySchema, pageRequest, pageSchema } from "../pagination.ts";
import { flowDetailSchema, flowSchema, sourceSchema } from "./flow-schemas.ts";
import { idParam, idParams } from "../path-params.ts";
import { accountKey, createRouter } from "../create-router.ts";
import { json, jsonBody } from "../openapi/json-content.ts";

const params = idParams;
const fieldsDescription =
  "The flow's fields: standard fields need no declaring; declare custom ones, types and required ones here (replaces the list).";
const rulesDescription = "Acceptance rules, all must pass (replaces the list).";
const capsDescription =
  "At most one cap per period (hour, day, week, month). limit: live leads per window, 1 to 10,000,000. timezone: an IANA name (default UTC); " +
  "windows follow its wall clock: the hour, the day from midnight, the week from Monday's midnight, the month from the 1st. Rejected and test leads never count.";

const listRoute = createRoute({
  method: "get",
  path: "/flows",
  operationId: "listFlows",
  tags: ["Flows"],
  summary: "The account's flows, newest first",
  request: { query: pageQuerySchema },
  responses: { 200: json(pageSchema("flows", flowSchema), "One page of flows"), ...errorResponses(400) },
});

const createFlowRoute = createRoute({
  method: "post",
  path: "/flows",
  operationId: "createFlow",
  tags: ["Flows"],
  summary: "Create a flow",
  description: "Partner accounts have one flow: a second is refused with 403 plan_limit.",
  request: {
    body: jsonBody(
      z.object({
        name: displayNameSchema,
        fields: flowFieldsSchema.optional().describe(fieldsDescription),
        rules: leadRulesSchema.optional().describe(rulesDescription),
      }),
    ),
  },
  responses: { 201: json(flowDetailSchema, "The new flow"), ...errorResponses(400, 403) },
});

const getRoute = createRoute({
  method: "get",
  path: "/flows/{id}",
  operationId: "getFlow",
  tags: ["Flows"],
  summary: "A flow with its fields, rules, sources and recipient steps",
  request: { params },
  responses: { 200: json(flowDetailSchema, "The flow"), ...errorResponses(404) },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/flows/{id}",
  operationId: "updateFlow",
  tags: ["Flows"],
  summary: "Change a flow's name, fields, rules, enabled flag or its sources' volume caps",
  description:
    'Intake applies changes from the next lead, on every replica. A disabled flow rejects leads ("Flow disabled").\n\n' +
    'Volume caps: `{"sources":[{"id":"<source id>","caps":[{"period":"day","limit":100,"timezone":"America/Chicago"}]}]}`. ' +
    'A live lead over any cap of its source is answered `201 {"outcome":"failure","reason":"Cap reached"}`, stored as rejected and not delivered; test leads never count.',
  request: {
    params,
    body: jsonBody(
      z
        .object({
          name: displayNameSchema.optional(),
          enabled: z.boolean().optional(),
          fields: flowFieldsSchema.optional().describe(fieldsDescription),
          rules: leadRulesSchema.optional().describe(rulesDescription),
          sources: z
            .array(z.object({ id: idParam, caps: sourceCapsSchema.describe(capsDescription) }))
            .max(100)
            .superRefine((sources, context) => {
              const seen = new Set<string>();
              sources.forEach((source, index) => {
                if (seen.has(source.id)) context.addIssue({ code: "custom", path: [index, "id"], message: "This source is listed twice" });
                seen.add(source.id);
              });
            })
            .optional()
            .describe("Per source of this flow, its volume caps (replaced whole; [] removes them). Sources not listed keep theirs."),
        })
        .refine((body) => Object.keys(body).length > 0, "Send at least one of name, enabled, fields, rules, sources"),
    ),
  },
  responses: { 200: json(flowDetailSchema, "The flow"), ...errorResponses(400, 404, 422) },
});

const addSourceRoute = createRoute({
  method: "post",
  path: "/flows/{id}/sources",
  operationId: "addFlowSource",
  tags: ["Flows"],
  summary: "Add a source to a flow",
  description:
    "For your own lead sources (a web form, a vendor without an account). Sellers with an account join by invitation instead. The posting key is returned once.",
  request: { params, body: jsonBody(z.object({ name: displayNameSchema })) },
  responses: {
    201: json(sourceSchema.extend({ posting_key: z.string() }).openapi("IssuedSource"), "The source and its posting key (shown once)"),
    ...errorResponses(400, 404),
  },
});

const stepParams = z.object({ id: idParam, destinationId: idParam });
const attachRoute = createRoute({
  method: "put",
  path: "/flows/{id}/steps/{destinationId}",
  operationId: "attachFlowDestination",
  tags: ["Flows"],
  summary: "Deliver the flow's leads to a destination (a recipient step; idempotent)",
  request: { params: stepParams },
  responses: { 200: json(flowDetailSchema, "The flow"), ...errorResponses(404) },
});
const detachRoute = createRoute({
  method: "delete",
  path: "/flows/{id}/steps/{destinationId}",
  operationId: "detachFlowDestination",
  tags: ["Flows"],
  summary: "Stop delivering the flow's new leads to a destination",
  request: { params: stepParams },
  responses: { 200: json(flowDetailSchema, "The flow"), ...errorResponses(404) },
});

export function flowRoutes(deps: ManagementDeps) {
  /** The account's flow as the API shows it; 404 not_found when there is none (or it was deleted meanwhile). */
  const existingFlow = async (accountId: string, flowId: string) => {
    const flow = await getFlow(deps.prisma, accountId, flowId, deps.publicUrl);
    if (!flow) throw notFound("flow");
    return flow;
  };

  return createRouter(accountKey(deps.prisma))
    .openapi(listRoute, async (c) => {
      const page = await listFlows(deps.prisma, c.get("accountId"), pageRequest(c.req.valid("query")));
      return c.json({ flows: page.items, next_cursor: page.nextCursor }, 200);
    })
    .openapi(createFlowRoute, async (c) => {
      const body = c.req.valid("json");
      return c.json(
        await createFlowWithinPlan(
          deps.prisma,
          { accountId: c.get("accountId"), name: body.name, fields: body.fields, rules: body.rules },
          deps.publicUrl,
        ),
        201,
      );
    })
    .openapi(getRoute, async (c) => c.json(await existingFlow(c.get("accountId"), c.req.valid("param").id), 200))
    .openapi(updateRoute, async (c) => {
      return c.json(
        await updateFlow(deps.prisma, c.get("accountId"), c.req.valid("param").id, c.req.valid("json"), deps.publicUrl, deps.sourceChanges),
        200,
      );
    })
    .openapi(attachRoute, async (c) => {
      const { id, destinationId } = c.req.valid("param");
      await attachDestination(deps.prisma, c.get("accountId"), id, destinationId, deps.sourceChanges);
      return c.json(await existingFlow(c.get("accountId"), id), 200);
    })
    .openapi(detachRoute, async (c) => {
      const { id, destinationId } = c.req.valid("param");
      await detachDestination(deps.prisma, c.get("accountId"), id, destinationId, deps.sourceChanges);
      return c.json(await existingFlow(c.get("accountId"), id), 200);
    })
    .openapi(addSourceRoute, async (c) => {
      const { source, postingKey } = await addFlowSource(
        deps.prisma,
        c.get("accountId"),
        c.req.valid("param").id,
        c.req.valid("json").name,
        deps.publicUrl,
      );
      return c.json({ ...source, posting_key: postingKey }, 201);
    });
}
