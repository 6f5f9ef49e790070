import type { Config } from "../config.ts";
import { createOutboundGuard } from "../outbound/outbound-guard.ts";
import type { IntegrationEndpoints } from "./integration.ts";

/** The outside APIs' bases and the outbound guard, as configured (one keep-alive pool per call). */
export function integrationEndpointsFromConfig(config: Config): IntegrationEndpoints {
  return {
    hubspotApiUrl: config.HUBSPOT_API_URL,
    salesforceLoginUrl: config.SALESFORCE_LOGIN_URL,
    outbound: createOutboundGuard({ allowedNetworks: config.OUTBOUND_ALLOWED_NETWORKS, requireHttps: config.NODE_ENV === "production" }),
  };
}
