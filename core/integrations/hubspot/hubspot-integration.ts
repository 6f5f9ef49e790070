import type { DeliveryResult, Integration } from "../integration.ts";
import { callHubSpot } from "./hubspot-call.ts";
import { HUBSPOT_CONTACT_FIELDS, HUBSPOT_DEFAULT_MAPPINGS } from "./hubspot-contact-fields.ts";
import { hubspotErrorProblem, hubspotTransportProblem } from "./hubspot-error.ts";
import { addContactToList } from "./hubspot-list-membership.ts";
import { hubspotSettingsSchema, type HubSpotSettings } from "./hubspot-settings.ts";
import { verifyHubSpotDestination } from "./hubspot-verify.ts";

/**
 * HubSpot destination: creates or updates a contact keyed on email with the CRM v3 batch upsert
 * (`POST /crm/v3/objects/contacts/batch/upsert`, one input), so re-sending a lead never makes a
 * second contact. With `settings.listId` the contact is then added to that static list.
 *
 * A failed list add does not fail the delivery: the contact is in HubSpot, which is what the
 * buyer pays for, so the outcome is success and the summary says why the list add failed
 * (e.g. "…; not added to list 123: Missing HubSpot scope crm.lists.write"). `verify` catches a
 * missing list or scope up front.
 */
export const hubspotIntegration: Integration<HubSpotSettings> = {
  id: "hubspot",
  name: "HubSpot",
  description: "Create or update a HubSpot contact (matched by email) for each lead, optionally adding it to a static list.",
  authMethods: [
    {
      id: "private-app",
      label: "Private app access token",
      fields: [
        {
          name: "accessToken",
          label: "Access token (pat-…)",
          secret: true,
          hint: "HubSpot › Settings › Integrations › Private Apps. Scopes: crm.objects.contacts.read/write, crm.lists.read/write for list adds.",
        },
      ],
    },
  ],
  actions: [{ id: "upsert-contact", label: "Create or update a contact" }],
  settingsSchema: hubspotSettingsSchema,
  fields: HUBSPOT_CONTACT_FIELDS,
  defaultMappings: HUBSPOT_DEFAULT_MAPPINGS,

  verify: verifyHubSpotDestination,

  async deliver(context, request): Promise<DeliveryResult> {
    const email = typeof request.mapped.email === "string" ? request.mapped.email.trim() : "";
    if (!email) {
      return {
        outcome: "failure",
        cause: "mappings",
        reason: "Missing required field: email",
        fix: "Map a field to email",
        disposition: "stop",
        snapshot: {},
      };
    }
    const body = { inputs: [{ idProperty: "email", id: email, properties: { ...request.mapped, email } }] };
    const { result, snapshot } = await callHubSpot(context, "POST", "/crm/v3/objects/contacts/batch/upsert", body);
    if (result.kind !== "response") return { ...hubspotTransportProblem(result), snapshot };

    if (result.status < 200 || result.status >= 300) {
      return { ...hubspotErrorProblem(result.status, result.headers, result.json), snapshot };
    }
    const answer = upsertAnswer(result.json);
    if (!answer.contact) {
      // A 207 Multi-Status carries the per-input error in `errors[]` with the usual error body.
      if (answer.error) return { ...hubspotErrorProblem(400, result.headers, answer.error), snapshot };
      // The upsert is keyed on email, so trying again cannot duplicate the contact.
      return { outcome: "error", reason: `Unexpected answer from HubSpot (HTTP ${result.status})`, disposition: "retry", snapshot };
    }

    const { id, created } = answer.contact;
    let summary = `HubSpot contact ${id} ${created ? "created" : "updated"}`;
    const { listId } = context.destination.settings;
    if (listId) {
      const membership = await addContactToList(context, listId, id);
      if (membership.kind === "failed") summary += `; not added to list ${listId}: ${membership.reason}`;
      else summary += membership.kind === "added" ? `, added to list ${listId}` : `, already in list ${listId}`;
    }
    return { outcome: "success", recordId: id, summary, snapshot };
  },
};

interface UpsertAnswer {
  contact?: { id: string; created: boolean };
  error?: unknown;
}

/** `{results:[{id, new, properties}], errors?:[…]}` from the batch upsert. */
function upsertAnswer(json: unknown): UpsertAnswer {
  if (typeof json !== "object" || json === null) return {};
  const { results, errors } = json as { results?: unknown; errors?: unknown };
  const first: unknown = Array.isArray(results) ? results[0] : undefined;
  if (typeof first === "object" && first !== null) {
    const { id, new: isNew } = first as { id?: unknown; new?: unknown };
    if (typeof id === "string" || typeof id === "number") return { contact: { id: String(id), created: isNew === true } };
  }
  return { error: Array.isArray(errors) ? (errors[0] as unknown) : undefined };
}
