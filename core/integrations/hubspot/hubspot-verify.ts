import type { IntegrationContext, VerifyProblem, VerifyResult } from "../integration.ts";
import { callHubSpot, type HubSpotCall } from "./hubspot-call.ts";
import { HUBSPOT_DEFAULT_MAPPINGS } from "./hubspot-contact-fields.ts";
import { hubspotErrorProblem, hubspotTransportProblem } from "./hubspot-error.ts";
import type { HubSpotSettings } from "./hubspot-settings.ts";

/**
 * Configuration-time check of a HubSpot destination:
 * 1. the token works (`GET /crm/v3/objects/contacts?limit=1`); a bad token ends the check;
 * 2. `settings.listId`, when set, names an existing static list (`GET /crm/v3/lists/{id}`);
 * 3. every mapped property exists and is writable (`GET /crm/v3/properties/contacts`), and
 *    something is mapped to `email`, the upsert key.
 */
export async function verifyHubSpotDestination(context: IntegrationContext<HubSpotSettings>): Promise<VerifyResult> {
  if (!context.credentials.accessToken) {
    return { ok: false, problems: [{ field: "accessToken", message: "Enter your HubSpot private app access token" }] };
  }
  const tokenCheck = await callHubSpot(context, "GET", "/crm/v3/objects/contacts?limit=1");
  const tokenProblem = problemOf(tokenCheck, "accessToken", "crm.objects.contacts.read");
  if (tokenProblem) return { ok: false, problems: [tokenProblem] };

  const problems: VerifyProblem[] = [];
  let listName: string | undefined;
  const { listId } = context.destination.settings;
  if (listId) {
    const listCheck = await callHubSpot(context, "GET", `/crm/v3/lists/${encodeURIComponent(listId)}`);
    const { result } = listCheck;
    if (result.kind === "response" && result.status === 404) {
      problems.push({ field: "settings.listId", message: `List ${listId} not found` });
    } else {
      const problem = problemOf(listCheck, "settings.listId", "crm.lists.read");
      if (problem) problems.push(problem);
      else {
        const list = listOf(result.kind === "response" ? result.json : undefined);
        listName = list.name;
        if (list.processingType === "DYNAMIC") {
          problems.push({
            field: "settings.listId",
            message: `List ${listId} is an active list; contacts can only be added to static lists`,
          });
        }
      }
    }
  }

  const mappings = context.destination.mappings.length ? context.destination.mappings : HUBSPOT_DEFAULT_MAPPINGS;
  if (!mappings.some((mapping) => mapping.to === "email")) problems.push({ field: "mappings", message: "Map a field to email" });
  const propertiesCheck = await callHubSpot(context, "GET", "/crm/v3/properties/contacts");
  const propertiesProblem = problemOf(propertiesCheck, "destination", "crm.schemas.contacts.read");
  if (propertiesProblem) problems.push(propertiesProblem);
  else {
    const properties = propertiesOf(propertiesCheck.result.kind === "response" ? propertiesCheck.result.json : undefined);
    for (const mapping of mappings) {
      const property = properties.get(mapping.to);
      if (!property) problems.push({ field: "mappings", message: `HubSpot has no property ${mapping.to}` });
      else if (property.readOnly) problems.push({ field: "mappings", message: `HubSpot property ${mapping.to} is read-only` });
    }
  }

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    summary: `Connected to HubSpot; ${mappings.length} mapped properties exist${listId ? `; contacts join list ${listName ? `"${listName}"` : listId}` : ""}`,
  };
}

/** A verify problem for a failed call (undefined when the call answered 2xx). */
function problemOf(call: HubSpotCall, field: string, scope: string): VerifyProblem | undefined {
  const { result } = call;
  if (result.kind !== "response")
    return { field: "destination", message: `Cannot reach HubSpot: ${hubspotTransportProblem(result).reason}` };
  if (result.status >= 200 && result.status < 300) return undefined;
  const problem = hubspotErrorProblem(result.status, result.headers, result.json, scope);
  if (result.status === 401) {
    return { field: "accessToken", message: problem.reason === "Invalid API Key" ? "Invalid API Key" : "Token expired" };
  }
  if (result.status === 403) return { field: "accessToken", message: problem.reason };
  return { field, message: problem.reason };
}

function listOf(json: unknown): { name?: string; processingType?: string } {
  const list = isRecord(json) && isRecord(json.list) ? json.list : {};
  return {
    name: typeof list.name === "string" ? list.name : undefined,
    processingType: typeof list.processingType === "string" ? list.processingType : undefined,
  };
}

function propertiesOf(json: unknown): Map<string, { readOnly: boolean }> {
  const results = isRecord(json) && Array.isArray(json.results) ? (json.results as unknown[]) : [];
  const properties = new Map<string, { readOnly: boolean }>();
  for (const entry of results) {
    if (!isRecord(entry) || typeof entry.name !== "string" || entry.archived === true) continue;
    const metadata = isRecord(entry.modificationMetadata) ? entry.modificationMetadata : {};
    properties.set(entry.name, { readOnly: metadata.readOnlyValue === true || entry.calculated === true });
  }
  return properties;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
