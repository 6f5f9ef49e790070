import type { DeliveryResult, Integration } from "../integration.ts";
import { callSalesforce } from "./salesforce-call.ts";
import { salesforceErrorProblem, salesforceTransportProblem } from "./salesforce-error.ts";
import { SALESFORCE_DEFAULT_MAPPINGS, SALESFORCE_LEAD_FIELDS } from "./salesforce-lead-fields.ts";
import type { SalesforceSessionError } from "./salesforce-session.ts";
import { salesforceSettingsSchema, type SalesforceSettings } from "./salesforce-settings.ts";
import { verifySalesforceDestination } from "./salesforce-verify.ts";

/**
 * Salesforce destination: writes each lead as a Lead through the REST API.
 *
 * Both actions go through the external-id upsert `PATCH /services/data/vXX.X/sobjects/Lead/<ExtIdField>/<value>`,
 * because a plain `POST /sobjects/Lead` is not idempotent: an attempt that times out on our side
 * may still have created the Lead, and re-posting would create a second one.
 * - `create-lead` keys the upsert on our delivery id (stable per lead × destination), so every
 *   lead is a new Lead and a retry updates the Lead an earlier attempt created.
 * - `upsert-lead` keys it on the value mapped to the external id field, so leads carrying the
 *   same key update one Lead.
 * Either way the org needs a unique External ID text field on Lead (default `LeadRelay_Id__c`,
 * at least 36 characters for `create-lead`); `verify` checks it exists.
 */
export const salesforceIntegration: Integration<SalesforceSettings> = {
  id: "salesforce",
  name: "Salesforce",
  description:
    "Create a Salesforce Lead for each lead (retries never duplicate it), or create-or-update Leads by an external id. " +
    "Requires a unique External ID text field on Lead (default LeadRelay_Id__c).",
  authMethods: [
    {
      id: "oauth",
      label: "Connect with Salesforce (OAuth)",
      fields: [
        { name: "clientId", label: "Connected app consumer key", secret: true },
        { name: "clientSecret", label: "Connected app consumer secret", secret: true },
        {
          name: "refreshToken",
          label: "Refresh token",
          secret: true,
          hint: "Filled in when you connect Salesforce.",
          obtainedByOAuth: true,
        },
        {
          name: "instanceUrl",
          label: "Instance URL",
          secret: false,
          hint: "Filled in when you connect Salesforce.",
          obtainedByOAuth: true,
        },
        { name: "accessToken", label: "Access token", secret: true, optional: true, hint: "Cached by leadrelay; renewed automatically." },
      ],
    },
    {
      id: "client-credentials",
      label: "Connected app client credentials",
      fields: [
        { name: "clientId", label: "Connected app consumer key", secret: true },
        { name: "clientSecret", label: "Connected app consumer secret", secret: true },
        {
          name: "loginUrl",
          label: "My Domain login URL",
          secret: false,
          optional: true,
          hint: "e.g. https://acme.my.salesforce.com (the client credentials flow needs My Domain). Enable the flow and pick a Run As user on the connected app.",
        },
      ],
    },
  ],
  actions: [
    { id: "create-lead", label: "Create a Lead" },
    { id: "upsert-lead", label: "Create or update a Lead by external id" },
  ],
  settingsSchema: salesforceSettingsSchema,
  fields: SALESFORCE_LEAD_FIELDS,
  defaultMappings: SALESFORCE_DEFAULT_MAPPINGS,

  /** Fast save-time answer for a tenant-set My Domain or instance URL (the connect-time guard is the real check). */
  preflight({ authMethod, credentials, outbound }) {
    const problems = [];
    const loginUrl = authMethod === "client-credentials" ? credentials.loginUrl : undefined;
    const loginProblem = loginUrl ? outbound.urlProblem(loginUrl) : null;
    if (loginProblem) problems.push({ field: "loginUrl", message: loginProblem });
    const instanceProblem = credentials.instanceUrl ? outbound.urlProblem(credentials.instanceUrl) : null;
    if (instanceProblem) problems.push({ field: "instanceUrl", message: instanceProblem });
    return problems;
  },

  verify: verifySalesforceDestination,

  async deliver(context, request): Promise<DeliveryResult> {
    const { action, settings } = context.destination;
    const externalIdField = settings.externalIdField;
    // Salesforce field names are case-insensitive; the key goes in the URL, never in the body too.
    const fields: Record<string, unknown> = {};
    let mappedKey: unknown;
    for (const [name, value] of Object.entries(request.mapped)) {
      if (name.toLowerCase() === externalIdField.toLowerCase()) mappedKey = value;
      else fields[name] = value;
    }

    let key: string;
    if (action === "create-lead") {
      key = request.deliveryId;
    } else if (action === "upsert-lead") {
      key = mappedKey === undefined || mappedKey === null ? "" : String(mappedKey).trim();
      if (!key) {
        return {
          outcome: "failure",
          cause: "mappings",
          reason: `Missing required field: ${externalIdField}`,
          fix: `Map a field to ${externalIdField}`,
          disposition: "stop",
          snapshot: {},
        };
      }
    } else {
      return { outcome: "error", reason: `Unknown action ${action}`, fix: "Edit the destination", disposition: "stop", snapshot: {} };
    }

    const call = await callSalesforce(context, {
      method: "PATCH",
      path: `/services/data/${settings.apiVersion}/sobjects/Lead/${encodeURIComponent(externalIdField)}/${encodeURIComponent(key)}`,
      body: fields,
    });
    if (call.kind === "session-failed") return sessionFailure(call.error);
    const { result, snapshot } = call;
    if (result.kind !== "response") return { ...salesforceTransportProblem(result), snapshot };
    if (result.status < 200 || result.status >= 300)
      return { ...salesforceErrorProblem(result.status, result.headers, result.json), snapshot };

    const answer = (typeof result.json === "object" && result.json !== null ? result.json : {}) as { id?: unknown; created?: unknown };
    const recordId = typeof answer.id === "string" ? answer.id : undefined;
    const created = result.status === 201 || answer.created === true;
    const lead = recordId ? `Salesforce Lead ${recordId}` : "Salesforce Lead";
    const summary = created
      ? `${lead} created`
      : action === "create-lead"
        ? `${lead} updated (created by an earlier attempt)`
        : `${lead} updated`;
    return { outcome: "success", recordId, summary, snapshot };
  },
};

function sessionFailure(error: SalesforceSessionError): DeliveryResult {
  return {
    outcome: "error",
    reason: error.reason,
    fix: error.fix,
    disposition: error.retryable ? "retry" : "auth",
    retryAfterMs: error.retryAfterMs,
    snapshot: error.snapshot,
  };
}
