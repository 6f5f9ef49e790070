import { hubspotIntegration } from "./hubspot/hubspot-integration.ts";
import type { Integration } from "./integration.ts";
import { salesforceIntegration } from "./salesforce/salesforce-integration.ts";
import { webhookIntegration } from "./webhook/webhook-integration.ts";

/** Every destination integration leadrelay offers; the API and the Slack bot list these. */
const INTEGRATIONS: Integration[] = [
  webhookIntegration as unknown as Integration,
  hubspotIntegration as unknown as Integration,
  salesforceIntegration as unknown as Integration,
];

const byId = new Map(INTEGRATIONS.map((integration) => [integration.id, integration]));

export function listIntegrations(): readonly Integration[] {
  return INTEGRATIONS;
}

export function findIntegration(id: string): Integration | undefined {
  return byId.get(id);
}
