import { AWAITING_AUTHORIZATION } from "../../core/destinations/destination-health.ts";
import { startSalesforceAuthorization, type AuthorizationOrigin } from "../../core/destinations/salesforce-authorization.ts";
import { findIntegration } from "../../core/integrations/registry.ts";
import { Refusal } from "../../core/refusal.ts";
import type { BotDeps } from "../bot-deps.ts";

interface OAuthDestination {
  id: string;
  accountId: string;
  integration: string;
  authMethod: string | null;
}

/** True when the destination's auth method gets its tokens by signing in (Salesforce OAuth). */
export function usesBrowserAuthorization(destination: Pick<OAuthDestination, "integration" | "authMethod">): boolean {
  const method = findIntegration(destination.integration)?.authMethods.find((candidate) => candidate.id === destination.authMethod);
  return destination.integration === "salesforce" && Boolean(method?.fields.some((field) => field.obtainedByOAuth));
}

export function awaitsAuthorization(destination: { health_reason?: string | null; healthReason?: string | null }): boolean {
  return (destination.health_reason ?? destination.healthReason) === AWAITING_AUTHORIZATION;
}

/**
 * The "Authorize in Salesforce" link for a destination: our start page, which binds the
 * authorization to the browser that opens it (cookie, single-use state, PKCE) and sends it to
 * Salesforce, which returns to /oauth/salesforce/callback to store the tokens. null when it does
 * not apply or the connected app's key and secret are missing. `origin` (the modal and person
 * asking) lets the callback move that modal and thread on once Salesforce is connected.
 */
export async function authorizationUrl(deps: BotDeps, destination: OAuthDestination, origin?: AuthorizationOrigin): Promise<string | null> {
  if (!usesBrowserAuthorization(destination)) return null;
  try {
    return (await startSalesforceAuthorization(deps.destinations, destination.accountId, destination.id, origin)).authorizeUrl;
  } catch (error) {
    if (error instanceof Refusal) return null;
    throw error;
  }
}
