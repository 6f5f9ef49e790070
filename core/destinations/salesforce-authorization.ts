import { authorizationUrl, exchangeAuthorizationCode } from "../integrations/salesforce/salesforce-oauth.ts";
import { notFound, Refusal } from "../refusal.ts";
import type { DestinationDeps } from "./destination-deps.ts";
import { updateDestination, type SaveDestinationResult } from "./save-destination.ts";

/**
 * The browser half of a Salesforce OAuth destination: a start URL for the buyer (API or the
 * Slack bot's "Authorize in Salesforce" button) and the callback that stores the refresh token
 * and instance URL, verifying the destination before it is saved. The `state` is sealed with
 * the encryption key, names the destination and expires, so a callback cannot be replayed
 * against another account.
 */
const STATE_TTL_MS = 15 * 60_000;

interface AuthorizationState {
  accountId: string;
  destinationId: string;
  expires: number;
}

export function salesforceCallbackUrl(publicUrl: string): string {
  return `${publicUrl.replace(/\/$/, "")}/oauth/salesforce/callback`;
}

async function oauthDestination(deps: DestinationDeps, accountId: string, destinationId: string) {
  const destination = await deps.prisma.destination.findFirst({ where: { id: destinationId, accountId } });
  if (!destination) throw notFound("destination");
  if (destination.integration !== "salesforce" || destination.authMethod !== "oauth") {
    throw new Refusal("conflict", "not_oauth", "Only a Salesforce destination using the OAuth method is authorized in the browser");
  }
  const credentials = destination.credentials ? deps.secretBox.openJson<Record<string, string>>(destination.credentials) : {};
  if (!credentials.clientId || !credentials.clientSecret) {
    throw new Refusal("conflict", "missing_connected_app", "Enter the connected app's consumer key and secret first");
  }
  return { credentials, loginUrl: deps.endpoints.salesforceLoginUrl };
}

export async function startSalesforceAuthorization(deps: DestinationDeps, accountId: string, destinationId: string): Promise<{ authorizeUrl: string }> {
  const { credentials, loginUrl } = await oauthDestination(deps, accountId, destinationId);
  const state: AuthorizationState = { accountId, destinationId, expires: Date.now() + STATE_TTL_MS };
  return {
    authorizeUrl: authorizationUrl({
      loginUrl,
      clientId: credentials.clientId!,
      redirectUri: salesforceCallbackUrl(deps.publicUrl),
      state: deps.secretBox.sealJson(state),
    }),
  };
}

export type SalesforceAuthorizationResult = { ok: true; saved: SaveDestinationResult } | { ok: false; message: string };

export async function completeSalesforceAuthorization(deps: DestinationDeps, code: string, sealedState: string): Promise<SalesforceAuthorizationResult> {
  let state: AuthorizationState;
  try {
    state = deps.secretBox.openJson<AuthorizationState>(sealedState);
  } catch {
    return { ok: false, message: "This authorization link is not valid: start again from leadrelay" };
  }
  if (state.expires < Date.now()) return { ok: false, message: "This authorization link expired: start again from leadrelay" };
  const { credentials, loginUrl } = await oauthDestination(deps, state.accountId, state.destinationId);
  const exchanged = await exchangeAuthorizationCode({
    loginUrl,
    clientId: credentials.clientId!,
    clientSecret: credentials.clientSecret!,
    code,
    redirectUri: salesforceCallbackUrl(deps.publicUrl),
    timeoutMs: deps.timeoutMs,
  });
  if (!exchanged.ok) return { ok: false, message: exchanged.error.fix ? `${exchanged.error.reason}. ${exchanged.error.fix}` : exchanged.error.reason };
  const { tokens } = exchanged;
  const saved = await updateDestination(deps, state.accountId, state.destinationId, {
    credentials: { accessToken: tokens.accessToken, instanceUrl: tokens.instanceUrl, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) },
  });
  return { ok: true, saved };
}
