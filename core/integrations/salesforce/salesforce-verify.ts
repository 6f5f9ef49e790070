import type { IntegrationContext, VerifyProblem, VerifyResult } from "../integration.ts";
import { callSalesforce } from "./salesforce-call.ts";
import { salesforceErrorProblem, salesforceTransportProblem } from "./salesforce-error.ts";
import { SALESFORCE_DEFAULT_MAPPINGS } from "./salesforce-lead-fields.ts";
import { openSalesforceSession, usesClientCredentials } from "./salesforce-session.ts";
import type { SalesforceSettings } from "./salesforce-settings.ts";

/**
 * Configuration-time check of a Salesforce destination:
 * 1. a NEW token is obtained (refresh or client-credentials grant), which proves the stored
 *    credentials still work, and is saved; a failure is reported on the credential field;
 * 2. `GET /services/data/vXX.X/sobjects/Lead/describe` lists the org's Lead fields;
 * 3. the external id field exists and is an External ID; every mapped field exists and is
 *    writable; every required field (`nillable:false && createable && !defaultedOnCreate`) is
 *    mapped; `upsert-lead` maps the external id field, `create-lead` leaves it to leadrelay.
 */
interface DescribedField {
  name: string;
  required: boolean;
  writable: boolean;
  externalId: boolean;
}

export async function verifySalesforceDestination(context: IntegrationContext<SalesforceSettings>): Promise<VerifyResult> {
  const opened = await openSalesforceSession(context, { renew: true });
  if (!opened.ok) {
    const { field, reason } = opened.error;
    return { ok: false, problems: [{ field, message: field === "destination" ? `Cannot reach Salesforce: ${reason}` : reason }] };
  }

  const { apiVersion, externalIdField } = context.destination.settings;
  const call = await callSalesforce(
    context,
    { method: "GET", path: `/services/data/${apiVersion}/sobjects/Lead/describe` },
    opened.session,
  );
  if (call.kind === "session-failed") return { ok: false, problems: [{ field: call.error.field, message: call.error.reason }] };
  const { result } = call;
  if (result.kind !== "response") {
    return {
      ok: false,
      problems: [{ field: "destination", message: `Cannot reach Salesforce: ${salesforceTransportProblem(result).reason}` }],
    };
  }
  if (result.status === 404)
    return { ok: false, problems: [{ field: "settings.apiVersion", message: `Salesforce has no API version ${apiVersion}` }] };
  if (result.status < 200 || result.status >= 300) {
    const credentialField = usesClientCredentials(context) ? "clientId" : "refreshToken";
    const field = result.status === 401 ? credentialField : "destination";
    return { ok: false, problems: [{ field, message: salesforceErrorProblem(result.status, result.headers, result.json).reason }] };
  }

  const fields = describedFields(result.json);
  const problems: VerifyProblem[] = [];
  const externalId = fields.get(externalIdField.toLowerCase());
  if (!externalId) {
    problems.push({
      field: "settings.externalIdField",
      message: `Lead has no field ${externalIdField}: create a unique External ID text field with that API name`,
    });
  } else if (!externalId.externalId) {
    problems.push({ field: "settings.externalIdField", message: `${externalId.name} is not an External ID field` });
  }

  const isCreate = context.destination.action === "create-lead";
  const mappings = context.destination.mappings.length ? context.destination.mappings : SALESFORCE_DEFAULT_MAPPINGS;
  const mapped = new Set(mappings.map((mapping) => mapping.to.toLowerCase()));
  for (const mapping of mappings) {
    const field = fields.get(mapping.to.toLowerCase());
    if (!field) problems.push({ field: "mappings", message: `Salesforce has no field ${mapping.to}` });
    else if (isCreate && field === externalId) {
      problems.push({ field: "mappings", message: `Do not map ${field.name}: leadrelay writes the delivery id there` });
    } else if (!field.writable) problems.push({ field: "mappings", message: `Salesforce field ${field.name} is not writable` });
  }
  for (const field of fields.values()) {
    if (field.required && field !== externalId && !mapped.has(field.name.toLowerCase())) {
      problems.push({ field: "mappings", message: `Map a field to ${field.name}` });
    }
  }
  if (!isCreate && externalId && !mapped.has(externalId.name.toLowerCase())) {
    problems.push({ field: "mappings", message: `Map a field to ${externalId.name}` });
  }

  if (problems.length) return { ok: false, problems };
  return { ok: true, summary: `Connected to Salesforce (${hostOf(opened.session.instanceUrl)}); Lead fields and mappings check out` };
}

function describedFields(json: unknown): Map<string, DescribedField> {
  const list =
    typeof json === "object" && json !== null && Array.isArray((json as { fields?: unknown }).fields)
      ? (json as { fields: unknown[] }).fields
      : [];
  const fields = new Map<string, DescribedField>();
  for (const entry of list) {
    if (typeof entry !== "object" || entry === null) continue;
    const f = entry as Record<string, unknown>;
    if (typeof f.name !== "string") continue;
    fields.set(f.name.toLowerCase(), {
      name: f.name,
      required: f.nillable === false && f.createable === true && f.defaultedOnCreate !== true,
      writable: f.createable === true && f.updateable === true,
      externalId: f.externalId === true,
    });
  }
  return fields;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "unknown host";
  }
}
