import type { IntegrationContext } from "../integration.ts";
import { callHubSpot } from "./hubspot-call.ts";
import { hubspotErrorProblem, hubspotTransportProblem } from "./hubspot-error.ts";

/**
 * Adds one contact to a static (MANUAL / SNAPSHOT) HubSpot list:
 * `PUT /crm/v3/lists/{listId}/memberships/add` with `["<contactId>"]`. HubSpot's answer names the
 * added ids `recordsIdsAdded` (published schema) or `recordIdsAdded` (seen in the wild); both are read.
 */
export type ListMembershipOutcome = { kind: "added" | "already-member" } | { kind: "failed"; reason: string };

export async function addContactToList(
  context: Pick<IntegrationContext, "credentials" | "endpoints" | "timeoutMs">,
  listId: string,
  contactId: string,
): Promise<ListMembershipOutcome> {
  const { result } = await callHubSpot(context, "PUT", `/crm/v3/lists/${encodeURIComponent(listId)}/memberships/add`, [contactId]);
  if (result.kind !== "response") return { kind: "failed", reason: hubspotTransportProblem(result).reason };
  if (result.status === 404) return { kind: "failed", reason: `List ${listId} not found` };
  if (result.status < 200 || result.status >= 300) {
    return { kind: "failed", reason: hubspotErrorProblem(result.status, result.headers, result.json, "crm.lists.write").reason };
  }
  const body = isRecord(result.json) ? result.json : {};
  const added = idList(body.recordsIdsAdded ?? body.recordIdsAdded);
  if (added.includes(contactId)) return { kind: "added" };
  if (idList(body.recordIdsMissing).includes(contactId)) return { kind: "failed", reason: "HubSpot could not find the contact" };
  return { kind: "already-member" };
}

function idList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
