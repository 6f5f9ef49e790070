import { z, type OpenAPIHono } from "@hono/zod-openapi";
import { STANDARD_FIELDS } from "../../core/leads/standard-fields.ts";
import { TOO_MANY_FAILED_ATTEMPTS } from "../../core/rate-limits/failed-authentication.ts";
import { idParam } from "../path-params.ts";
import type { LeadResponseBody } from "./lead-response.ts";
import { ACCEPTED_CONTENT_TYPES } from "./read-submission-body.ts";

/**
 * The intake in /openapi.json. Its handler is a plain Hono route (it reads JSON, form, multipart
 * and XML bodies in any charset itself), so its operations are described here, next to it, from
 * the same standard fields and reasons the intake uses.
 */

const EXAMPLE_LEAD = {
  first_name: "Ada",
  last_name: "Lovelace",
  email: "ada@example.com",
  phone_1: "(512) 555-0134",
  is_test: "true",
};
const EXAMPLE_LEAD_ID = "0192f0c8-8b3e-7000-8000-000000000001";

/** A field's value: text in forms and XML; in JSON any scalar (`"is_test": true`, `"price": 12.5`), read as its text. */
const fieldValue = z.union([z.string(), z.number(), z.boolean()]);

const leadFieldsSchema = z
  .object(
    Object.fromEntries(
      STANDARD_FIELDS.map((field) => [field.name, fieldValue.optional().openapi({ description: `${field.label} (${field.type})` })]),
    ),
  )
  .catchall(z.unknown())
  .openapi("LeadFields", {
    description:
      "A lead's fields by LeadConduit name; the flow's custom fields and unknown fields are kept too. Values are kept raw beside their normal form; " +
      "an invalid format does not reject a lead unless a rule says so. Dotted names (`mortgage.loan.amount`) and nested objects are the same field. " +
      "`apisecret` may carry the posting key instead of a header (never stored). Query-string fields merge over the body.",
    example: EXAMPLE_LEAD,
  });

/** The same fields as XML: elements under a `<lead>` root. */
const leadXmlSchema = z
  .object(Object.fromEntries(STANDARD_FIELDS.map((field) => [field.name, z.string().optional()])))
  .catchall(z.unknown())
  .openapi("LeadFieldsXml", { description: "Lead fields as child elements of `<lead>`", xml: { name: "lead" } });

const deliveryResultSchema = z
  .object({
    id: z.string().openapi({ description: "The delivery's id" }),
    destination_id: z.string().optional(),
    outcome: z
      .enum(["success", "failure", "error", "skip", "pending"])
      .openapi({ description: "`pending`: no attempt finished within `wait` seconds" }),
    reason: z.string().nullable(),
    ms: z.number().nullable().optional().openapi({ description: "How long the attempt took" }),
  })
  .openapi("DeliveryResult");

const leadResponseSchema = z
  .object({
    outcome: z.enum(["success", "failure", "error"]).openapi({
      description:
        "`success`: accepted and queued for delivery; `failure`: rejected by the flow (a rule, a duplicate, a required field, a paused connection); `error`: not processed (see the status)",
    }),
    reason: z.string().optional().openapi({ description: "Why, for `failure` and `error`" }),
    lead: z.object({ id: z.string() }).optional().openapi({ description: "The stored lead (rejected leads are stored too)" }),
    price: z.number().openapi({ description: "Always 0 (LeadConduit compatibility)" }),
    deliveries: z.array(deliveryResultSchema).optional().openapi({ description: "Only with `?wait=`: each delivery's first attempt" }),
  })
  .openapi("LeadResponse", { xml: { name: "result" } });

/** One response status with the lead response as JSON and as XML (`Accept: application/xml`), and its examples. */
function leadResponse(
  description: string,
  examples: Record<string, { summary: string; value: LeadResponseBody }>,
  headers?: Record<string, { description: string; schema: { type: "integer" } }>,
) {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: {
      "application/json": { schema: leadResponseSchema, examples },
      // No XML examples: Redocly's example check reads them as JSON (redocly-cli#1276); viewers derive them from the schema's `xml` name.
      "application/xml": { schema: leadResponseSchema },
    },
  };
}

function errorExample(summary: string, reason: string): { summary: string; value: LeadResponseBody } {
  return { summary, value: { outcome: "error", reason, price: 0 } };
}

const lead = { id: EXAMPLE_LEAD_ID };
const commonResponses = (maxWaitSeconds: number) => ({
  201: leadResponse("The lead was processed: accepted (`success`) or rejected by the flow (`failure`). Both are stored.", {
    success: { summary: "Accepted and queued for delivery", value: { outcome: "success", lead, price: 0 } },
    failure: { summary: "Rejected by the flow", value: { outcome: "failure", reason: "Missing required field: Email", lead, price: 0 } },
    waited: {
      summary: `With ?wait=10 (at most ${maxWaitSeconds} s): each delivery's first attempt`,
      value: {
        outcome: "success",
        lead,
        price: 0,
        deliveries: [
          {
            id: "0192f0c8-8b3e-7000-8000-000000000002",
            destination_id: "0192f0c8-8b3e-7000-8000-000000000003",
            outcome: "success",
            reason: "HubSpot contact 512 created",
            ms: 184,
          },
        ],
      },
    },
  }),
  400: leadResponse(
    "Malformed body, or over a limit (1,000 fields, names of 256 characters, 32 levels of nesting, 5,000 XML elements); nothing is stored",
    {
      malformed: errorExample("Malformed JSON", "Malformed JSON body"),
    },
  ),
  401: leadResponse("Missing or wrong posting key", {
    missing: errorExample("No key", "Missing API key"),
    wrong: errorExample("Wrong key", "Invalid API key"),
  }),
  404: leadResponse("Unknown flow or source", { unknown: errorExample("Unknown flow or source", "Unknown flow or source") }),
  422: leadResponse("A value the database cannot store; never worth retrying", {
    unstorable: errorExample("Unstorable value", "Lead could not be stored: a value is not storable"),
  }),
  429: leadResponse(
    "Too many wrong keys from this address or for this source",
    { limited: errorExample("Throttled", TOO_MANY_FAILED_ATTEMPTS) },
    { "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } } },
  ),
  503: leadResponse("Storage unavailable: retry later", { unavailable: errorExample("Storage down", "Storage unavailable, retry later") }),
});

const waitQuery = (maxWaitSeconds: number) =>
  z.object({
    wait: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({
        description: `Seconds to hold the response until each delivery's first attempt is known (added as \`deliveries\`); at most ${maxWaitSeconds} (larger values are cut to it). Without it delivery is asynchronous.`,
        example: 10,
      }),
  });

const params = z.object({
  flowId: idParam.openapi({ description: "The flow's id (from the submit URL)" }),
  sourceId: idParam.openapi({ description: "The source's id (from the submit URL)" }),
});

const postingKeySecurity: Record<string, string[]>[] = [{ postingKey: [] }, { postingKeyHeader: [] }, { postingKeyField: [] }];

const authDescription =
  "The posting key (per source) goes in `Authorization: Bearer <key>`, `X-API-Key: <key>` or an `apisecret` field of the body or query string.";

/** Adds the intake's POST and GET operations and the posting-key security schemes to the app's OpenAPI registry. */
export function registerSubmitRouteDocs(app: OpenAPIHono, options: { maxWaitSeconds: number }): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent("securitySchemes", "postingKey", {
    type: "http",
    scheme: "bearer",
    description: "A source's posting key (from POST /connections/{id}/posting-key or POST /flows/{id}/sources)",
  });
  registry.registerComponent("securitySchemes", "postingKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "The posting key in a header",
  });
  registry.registerComponent("securitySchemes", "postingKeyField", {
    type: "apiKey",
    in: "query",
    name: "apisecret",
    description: "The posting key as a field (query string or body), for senders that cannot set headers; never stored",
  });

  const responses = commonResponses(options.maxWaitSeconds);
  registry.registerPath({
    method: "post",
    path: "/flows/{flowId}/sources/{sourceId}/submit",
    operationId: "submitLead",
    tags: ["Lead intake"],
    summary: "Post a lead (LeadConduit-compatible)",
    description: [
      `The lead intake. Bodies: ${ACCEPTED_CONTENT_TYPES} (or text/xml; root \`<lead>\`), decoded by the Content-Type's \`charset\` (UTF-8 by default), at most 1 MB.`,
      authDescription,
      "Answers 201 with `success` or `failure`; JSON, or `<result>` XML when `Accept` asks for XML. HEAD answers 405.",
    ].join(" "),
    security: postingKeySecurity,
    request: {
      params,
      query: waitQuery(options.maxWaitSeconds),
      body: {
        required: true,
        content: {
          "application/json": { schema: leadFieldsSchema, example: EXAMPLE_LEAD },
          "application/x-www-form-urlencoded": { schema: leadFieldsSchema, example: EXAMPLE_LEAD },
          "multipart/form-data": { schema: leadFieldsSchema, example: EXAMPLE_LEAD },
          "application/xml": { schema: leadXmlSchema },
          "text/xml": { schema: leadXmlSchema },
        },
      },
    },
    responses: {
      ...responses,
      413: leadResponse("Body over 1 MB; the connection is closed", {
        tooLarge: errorExample("Too large", "Body too large: the limit is 1 MB"),
      }),
      415: leadResponse("No or another Content-Type, or an unknown charset", {
        unsupported: errorExample("Unsupported Content-Type", `Unsupported Content-Type text/plain: send ${ACCEPTED_CONTENT_TYPES}`),
      }),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/flows/{flowId}/sources/{sourceId}/submit",
    operationId: "submitLeadInQuery",
    tags: ["Lead intake"],
    summary: "Post a lead as query-string fields",
    description: `The same intake for senders that can only make a GET: every field is in the query string (UTF-8). ${authDescription}`,
    security: postingKeySecurity,
    request: { params, query: waitQuery(options.maxWaitSeconds) },
    parameters: [
      {
        name: "fields",
        in: "query",
        description: "The lead's fields, one query parameter each (e.g. `?first_name=Ada&email=ada@example.com`)",
        style: "form",
        explode: true,
        schema: { $ref: "#/components/schemas/LeadFields" },
      },
    ],
    responses,
  });
}
