import { describeCap, storedCaps } from "../caps/source-cap.ts";
import type { Db } from "../db/prisma.ts";
import { isId } from "../ids.ts";
import type { FieldType } from "../leads/field-types/field-type.ts";
import { STANDARD_FIELDS, standardField } from "../leads/standard-fields.ts";
import { submitUrl } from "../sources/create-source.ts";
import { describeRule } from "./describe-rule.ts";
import { leadRulesSchema, flowFieldsSchema, type LeadRule, type FlowField } from "./flow-config.ts";

/** What a seller needs to post leads to one source of a flow. Never holds the posting key. */
export interface SubmissionDocs {
  flow: { id: string; name: string };
  source: { id: string; name: string };
  seller_account: string | null;
  /** false when leads are refused right now (connection paused or ended, flow or source disabled). */
  accepting: boolean;
  not_accepting_reason: string | null;
  submit_url: string;
  methods: string[];
  content_types: string[];
  authentication: string;
  fields: DocumentedField[];
  rules: string[];
  /** The source's volume caps, in words ("At most 100 live leads per day, counted in America/Chicago"). */
  caps: string[];
  responses: { outcome: string; meaning: string }[];
  example: { body: Record<string, string>; curl: string };
}

export interface DocumentedField {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  standard: boolean;
}

export const POSTING_KEY_PLACEHOLDER = "YOUR_POSTING_KEY";

export function submissionDocsUrl(publicUrl: string, flowId: string, sourceId: string): string {
  return `${publicUrl.replace(/\/$/, "")}/flows/${flowId}/sources/${sourceId}/docs`;
}

/** The submission docs of a source, or null when the flow or source does not exist. */
export async function getSubmissionDocs(db: Db, flowId: string, sourceId: string, publicUrl: string): Promise<SubmissionDocs | null> {
  if (!isId(flowId) || !isId(sourceId)) return null;
  const source = await db.source.findFirst({
    where: { id: sourceId, flowId },
    include: { flow: true, seller: { select: { name: true } }, connection: { select: { status: true } } },
  });
  if (!source) return null;
  const flowFields = flowFieldsSchema.parse(source.flow.fields);
  const rules = leadRulesSchema.parse(source.flow.rules);
  const fields = documentedFields(flowFields, rules);
  const labelOf = (name: string) => fields.find((field) => field.name === name)?.label ?? name;
  const notAccepting =
    source.connection?.status === "ended"
      ? 'The connection has ended: leads are rejected with "Connection ended".'
      : source.connection?.status === "paused"
        ? 'The connection is paused: leads are rejected with "Connection paused" until it resumes.'
        : !source.flow.enabled
          ? 'The flow is disabled: leads are rejected with "Flow disabled".'
          : !source.enabled
            ? 'This source is disabled: leads are rejected with "Source disabled".'
            : null;
  const url = submitUrl(publicUrl, source.flowId, source.id);
  const body = exampleBody(fields, rules);
  return {
    flow: { id: source.flow.id, name: source.flow.name },
    source: { id: source.id, name: source.name },
    seller_account: source.seller?.name ?? null,
    accepting: notAccepting === null,
    not_accepting_reason: notAccepting,
    submit_url: url,
    methods: ["POST", "GET"],
    content_types: ["application/json", "application/x-www-form-urlencoded", "multipart/form-data", "application/xml (root <lead>)"],
    authentication: `Send your posting key as "Authorization: Bearer <key>" or "X-API-Key: <key>" (or as the apisecret field). Your key is shown once when it is issued; it is never shown here.`,
    fields,
    rules: [
      ...flowFields.filter((field) => field.required).map((field) => `${labelOf(field.name)} (${field.name}) is required`),
      ...rules.map((rule) => describeRule(rule, labelOf(rule.field))),
    ],
    caps: storedCaps(source.caps).map(describeCap),
    responses: [
      { outcome: "success", meaning: "HTTP 201: the flow accepted the lead and queued it for delivery." },
      {
        outcome: "failure",
        meaning:
          'HTTP 201: the flow rejected the lead; reason says why (a rule, a missing required field, a paused or ended connection, "Cap reached" over a volume cap).',
      },
      {
        outcome: "error",
        meaning:
          "Our problem or the request's: 400 malformed body or over a field limit, 401 bad posting key, 404 unknown flow or source, 413 body over 1 MB, 415 unsupported body type or charset, 422 a value the database cannot store, 503 storage unavailable, retry later.",
      },
    ],
    example: { body, curl: curlExample(url, body) },
  };
}

/** Standard fields (with the flow's overrides), then the flow's custom fields and any field a rule names. */
function documentedFields(flowFields: readonly FlowField[], rules: readonly LeadRule[]): DocumentedField[] {
  const requiredByRule = new Set(
    rules.filter((rule) => rule.operator === "is not blank" || rule.operator === "format is valid").map((rule) => rule.field),
  );
  const describe = (name: string): DocumentedField => {
    const declared = flowFields.find((field) => field.name === name);
    const standard = standardField(name);
    return {
      name,
      label: declared?.label ?? standard?.label ?? name,
      type: declared?.type ?? standard?.type ?? "text",
      required: Boolean(declared?.required) || requiredByRule.has(name),
      standard: Boolean(standard),
    };
  };
  const names = [
    ...STANDARD_FIELDS.map((field) => field.name),
    ...flowFields.map((field) => field.name),
    ...rules.map((rule) => rule.field),
  ];
  return [...new Set(names)].map(describe);
}

const EXAMPLE_BY_NAME: Record<string, string> = {
  first_name: "Ada",
  last_name: "Lovelace",
  email: "ada@example.com",
  phone_1: "512-555-0134",
  phone_2: "512-555-0199",
  address_1: "1 Main St",
  city: "Austin",
  state: "TX",
  postal_code: "78701",
  country: "US",
  company: "Example Co",
  dob: "1990-01-31",
  ip_address: "203.0.113.7",
  trustedform_cert_url: "https://cert.trustedform.com/0123456789abcdef",
  comments: "Example lead",
};

const EXAMPLE_BY_TYPE: Record<FieldType, string> = {
  text: "example",
  phone: "512-555-0134",
  email: "ada@example.com",
  state: "TX",
  postal_code: "78701",
  boolean: "true",
  number: "1000",
  date: "1990-01-31",
  url: "https://example.com",
  ip: "203.0.113.7",
};

/** A test lead (is_test=true) with the usual contact fields, every required field and every field a rule checks. */
function exampleBody(fields: readonly DocumentedField[], rules: readonly LeadRule[]): Record<string, string> {
  const included = new Set(["first_name", "last_name", "email", "phone_1"]);
  for (const field of fields) if (field.required || !field.standard) included.add(field.name);
  for (const rule of rules) included.add(rule.field);
  const body: Record<string, string> = {};
  for (const field of fields) {
    if (!included.has(field.name) || field.name === "is_test") continue;
    const rule = rules.find(
      (r) => r.field === field.name && (r.operator === "is equal to" || r.operator === "is included in" || r.operator === "is blank"),
    );
    if (rule?.operator === "is blank") continue;
    body[field.name] =
      rule?.operator === "is equal to"
        ? rule.value
        : rule?.operator === "is included in"
          ? rule.values[0]!
          : (EXAMPLE_BY_NAME[field.name] ?? EXAMPLE_BY_TYPE[field.type]);
  }
  body.is_test = "true";
  return body;
}

/** A curl command with a placeholder for the key (never the key), quoted for a POSIX shell. */
function curlExample(url: string, body: Record<string, string>): string {
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  return [
    `curl -X POST ${quote(url)}`,
    `  -H ${quote(`Authorization: Bearer ${POSTING_KEY_PLACEHOLDER}`)}`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${quote(JSON.stringify(body))}`,
  ].join(" \\\n");
}
